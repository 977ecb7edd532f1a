//! Lazy streams over Quay's paging styles: opaque `next_page` tokens (stop when a token is
//! absent or repeats, since Quay silently restarts at page 1 on a bad token), numbered pages
//! with a "more" flag, and newest-first listings cut at a `limit` (builds: Quay has no cursor
//! there, so the stream asks again with a doubled limit and hands out only the items beyond
//! those already handed out).

use std::collections::{HashSet, VecDeque};
use std::pin::Pin;

use futures::Stream;
use futures::future::BoxFuture;

use crate::Result;

/// A stream of items across pages, fetching a page only when the previous one is used up.
pub type ItemStream<'a, T> = Pin<Box<dyn Stream<Item = Result<T>> + Send + 'a>>;

/// The paging style of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Opaque `next_page` tokens.
    NextPage,
    /// Numbered pages.
    Page,
    /// A newest-first listing cut at `limit` items, with no cursor: each request asks for
    /// twice as many as the previous one, and the stream ends at an answer shorter than asked.
    Limit,
}

/// The `limit` of a [`Style::Limit`] stream's first request (doubled on each further one).
pub const FIRST_LIMIT: i64 = 20;

/// Which page to fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cursor {
    /// The first page (no paging argument).
    Start,
    /// The page a `next_page` token names.
    Token(String),
    /// A numbered page (from 1).
    Page(i64),
    /// The first `n` items of a [`Style::Limit`] listing.
    Limit(i64),
}

/// What a page says about the next one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// A `next_page` token, if any.
    Token(Option<String>),
    /// Whether another numbered page follows, and the number of the page just read when the
    /// answer says it (so a listing started at page N continues at N + 1).
    More {
        /// Another page follows.
        more: bool,
        /// The number of the page just read, if the answer holds it.
        page: Option<i64>,
    },
    /// Nothing: a [`Style::Limit`] listing ends when an answer holds fewer items than asked.
    Limited,
}

impl Next {
    /// From a response's `next_page` field (a string or an optional string).
    pub fn token(t: impl Into<Option<String>>) -> Next {
        Next::Token(t.into().filter(|t| !t.is_empty()))
    }

    /// From a response's "more" field (a boolean or an optional boolean).
    pub fn more(flag: impl Into<Option<bool>>) -> Next {
        Next::More { more: flag.into().unwrap_or(false), page: None }
    }

    /// From a response's "more" field and the page number it reports.
    pub fn more_at(flag: impl Into<Option<bool>>, page: impl Into<Option<i64>>) -> Next {
        Next::More { more: flag.into().unwrap_or(false), page: page.into() }
    }
}

/// One fetched page.
#[derive(Debug)]
pub struct Page<T> {
    /// The page's items.
    pub items: Vec<T>,
    /// What comes next.
    pub next: Next,
}

/// A page's items field: an array, or an optional array.
pub trait Items<T> {
    /// The items (none if absent).
    fn items(self) -> Vec<T>;
}

impl<T> Items<T> for Vec<T> {
    fn items(self) -> Vec<T> {
        self
    }
}

impl<T> Items<T> for Option<Vec<T>> {
    fn items(self) -> Vec<T> {
        self.unwrap_or_default()
    }
}

struct State<F, T> {
    fetch: F,
    cursor: Option<Cursor>,
    page: i64,
    seen: HashSet<String>,
    /// Items of a [`Style::Limit`] listing handed out so far.
    handed: usize,
    buffer: VecDeque<T>,
}

/// Builds a lazy item stream from a page fetcher. The first request is the caller's own (a
/// numbered listing may start at any page); the following pages count on from the page the
/// answer reports, else from 1.
pub fn item_stream<'a, T, F>(style: Style, fetch: F) -> ItemStream<'a, T>
where
    T: Send + 'a,
    F: FnMut(Cursor) -> BoxFuture<'a, Result<Page<T>>> + Send + 'a,
{
    item_stream_from(style, 1, fetch)
}

/// [`item_stream`] for a numbered listing whose first request asks for page `first` (for
/// [`Style::Limit`]: whose first request asks for `first` items, [`FIRST_LIMIT`] if below 1).
pub fn item_stream_from<'a, T, F>(style: Style, first: i64, fetch: F) -> ItemStream<'a, T>
where
    T: Send + 'a,
    F: FnMut(Cursor) -> BoxFuture<'a, Result<Page<T>>> + Send + 'a,
{
    let cursor = match style {
        Style::Limit => Cursor::Limit(if first < 1 { FIRST_LIMIT } else { first }),
        Style::NextPage | Style::Page => Cursor::Start,
    };
    let state =
        State { fetch, cursor: Some(cursor), page: first, seen: HashSet::new(), handed: 0, buffer: VecDeque::new() };
    Box::pin(futures::stream::unfold(state, move |mut st| async move {
        loop {
            if let Some(item) = st.buffer.pop_front() {
                return Some((Ok(item), st));
            }
            let cursor = st.cursor.take()?;
            // The limit or page number asked for.
            let asked = match cursor {
                Cursor::Limit(n) | Cursor::Page(n) => Some(n),
                Cursor::Start | Cursor::Token(_) => None,
            };
            match (st.fetch)(cursor).await {
                Err(e) => return Some((Err(e), st)),
                Ok(page) if style == Style::Limit => {
                    let total = page.items.len();
                    let fresh = total.saturating_sub(st.handed);
                    st.buffer.extend(page.items.into_iter().skip(st.handed));
                    st.handed += fresh;
                    st.cursor = match asked {
                        Some(n) if fresh > 0 && i64::try_from(total).is_ok_and(|t| t >= n) => {
                            Some(Cursor::Limit(n.saturating_mul(2)))
                        }
                        _ => None,
                    };
                }
                // A page number the server clamped (search stops at page 10) repeats a page
                // already handed out: the listing ends there.
                Ok(Page { next: Next::More { page: Some(p), .. }, .. })
                    if style == Style::Page && asked.is_some_and(|a| p < a) =>
                {
                    st.cursor = None;
                }
                Ok(page) => {
                    let empty = page.items.is_empty();
                    st.buffer.extend(page.items);
                    st.cursor = match (style, page.next) {
                        (Style::NextPage, Next::Token(Some(t))) if st.seen.insert(t.clone()) => {
                            Some(Cursor::Token(t))
                        }
                        // An empty page that claims more would loop forever: stop there.
                        (Style::Page, Next::More { more: true, page }) if !empty => {
                            st.page = page.unwrap_or(st.page) + 1;
                            Some(Cursor::Page(st.page))
                        }
                        _ => None,
                    };
                }
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::StreamExt;

    #[tokio::test]
    async fn stops_when_a_token_repeats() {
        let mut calls = 0;
        let s = item_stream(Style::NextPage, move |_c| {
            calls += 1;
            let n = calls;
            Box::pin(async move { Ok(Page { items: vec![n], next: Next::token(Some("same".to_string())) }) })
        });
        let items: Vec<i32> = s.map(|r| r.unwrap()).collect().await;
        assert_eq!(items, vec![1, 2]);
    }

    #[tokio::test]
    async fn numbered_pages_until_no_more() {
        let s = item_stream(Style::Page, |c| {
            let n = match c {
                Cursor::Start => 1,
                Cursor::Page(n) => n,
                _ => unreachable!(),
            };
            Box::pin(async move { Ok(Page { items: vec![n * 10, n * 10 + 1], next: Next::more(n < 3) }) })
        });
        let items: Vec<i64> = s.map(|r| r.unwrap()).collect().await;
        assert_eq!(items, vec![10, 11, 20, 21, 30, 31]);
    }

    #[tokio::test]
    async fn a_listing_started_at_page_n_continues_at_n_plus_one() {
        for reported in [true, false] {
            let mut asked = vec![];
            let s = item_stream_from(Style::Page, 2, move |c| {
                let n = match c {
                    Cursor::Start => 2,
                    Cursor::Page(n) => n,
                    _ => unreachable!(),
                };
                asked.push(n);
                let page = reported.then_some(n);
                Box::pin(async move { Ok(Page { items: vec![n], next: Next::more_at(n < 4, page) }) })
            });
            let items: Vec<i64> = s.map(|r| r.unwrap()).collect().await;
            assert_eq!(items, vec![2, 3, 4], "page 2 once, then 3 and 4 (page reported: {reported})");
        }
    }

    #[tokio::test]
    async fn a_limited_listing_doubles_its_limit_until_an_answer_falls_short() {
        let all: Vec<i64> = (0..45).collect();
        let mut asked = vec![];
        let s = item_stream_from(Style::Limit, 10, move |c| {
            let n = match c {
                Cursor::Limit(n) => n,
                other => panic!("a limited listing asks by limit, not {other:?}"),
            };
            asked.push(n);
            let items = all.iter().copied().take(n as usize).collect();
            let seen = asked.clone();
            Box::pin(async move {
                assert!(seen.len() <= 4 && seen.iter().zip([10, 20, 40, 80]).all(|(a, b)| *a == b), "asked {seen:?}");
                Ok(Page { items, next: Next::Limited })
            })
        });
        let items: Vec<i64> = s.map(|r| r.unwrap()).collect().await;
        assert_eq!(items, (0..45).collect::<Vec<_>>(), "each item once, in order");
    }

    #[tokio::test]
    async fn a_limited_listing_stops_when_nothing_new_comes() {
        let mut calls = 0;
        let s = item_stream_from(Style::Limit, 0, move |c| {
            calls += 1;
            assert_eq!(c, Cursor::Limit(FIRST_LIMIT * (1 << (calls - 1))));
            // A server that ignores the limit and always answers the same 20 items.
            Box::pin(async move { Ok(Page { items: (0..FIRST_LIMIT).collect::<Vec<_>>(), next: Next::Limited }) })
        });
        let items: Vec<i64> = s.map(|r| r.unwrap()).collect().await;
        assert_eq!(items.len(), FIRST_LIMIT as usize);
    }

    #[tokio::test]
    async fn a_clamped_page_number_ends_the_stream() {
        // Quay's repository search clamps `page` to 10 and keeps saying more follows.
        let s = item_stream(Style::Page, |c| {
            let n = match c {
                Cursor::Start => 1,
                Cursor::Page(n) => n,
                _ => unreachable!(),
            };
            let page = n.min(10);
            Box::pin(async move { Ok(Page { items: vec![page], next: Next::more_at(true, page) }) })
        });
        let items: Vec<i64> = s.map(|r| r.unwrap()).collect().await;
        assert_eq!(items, (1..=10).collect::<Vec<_>>());
    }

    #[tokio::test]
    async fn an_empty_page_claiming_more_ends_the_stream() {
        let s = item_stream::<i64, _>(Style::Page, |_c| Box::pin(async { Ok(Page { items: vec![], next: Next::more(true) }) }));
        assert_eq!(s.collect::<Vec<_>>().await.len(), 0);
    }

    #[tokio::test]
    async fn an_error_ends_nothing_silently() {
        let s = item_stream::<i32, _>(Style::Page, |_c| {
            Box::pin(async { Err(crate::Error::transport("boom")) })
        });
        let items: Vec<_> = s.collect().await;
        assert!(items[0].is_err());
    }
}
