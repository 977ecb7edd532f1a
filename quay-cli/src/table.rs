//! The command table generated from the spec (by quay-codegen's `cli` module, at build time):
//! every chapter and operation with its command name and typed, described arguments.

/// A chapter of the API (a tag of the spec): one command group.
#[derive(Debug)]
pub struct Chapter {
    /// The tag, e.g. `robot`.
    pub name: &'static str,
    /// The tag's description.
    pub about: &'static str,
}

/// How a paged operation pages.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    /// The array field holding a page's items.
    pub items: &'static str,
}

/// Where an argument goes in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A `{name}` segment of the path.
    Path,
    /// A query-string parameter.
    Query,
    /// A field of the JSON body.
    Body,
    /// A field of the object held by the named body field (`--delegate-kind` of `delegate`).
    BodyPart(&'static str),
}

/// How an argument's text becomes a JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// Text as given.
    Text,
    /// A whole number.
    Integer,
    /// A number.
    Number,
    /// `true` or `false` (the flag alone means `true`).
    Boolean,
    /// One of these texts.
    Choice(&'static [&'static str]),
    /// One of these whole numbers.
    IntegerChoice(&'static [&'static str]),
    /// A list of texts: the flag repeated, or values separated by commas.
    TextList,
    /// A JSON value (an object, a list of objects, anything).
    Json,
}

/// One argument of an operation.
#[derive(Debug)]
pub struct Arg {
    /// The spec's name: the parameter's or the body field's key.
    pub key: &'static str,
    /// The long flag, without `--` (kebab-case).
    pub flag: &'static str,
    /// Where it goes.
    pub source: Source,
    /// Whether the spec requires it.
    pub required: bool,
    /// Whether `null` may be sent (given as the text `null`).
    pub nullable: bool,
    /// Its type.
    pub value: Value,
    /// The spec's description, on one line.
    pub help: &'static str,
}

/// One operation of the spec.
#[derive(Debug)]
pub struct Op {
    /// Quay's nickname (the operationId).
    pub id: &'static str,
    /// Its chapter.
    pub chapter: &'static str,
    /// Its command in the chapter: a short verb or its kebab-case id.
    pub command: &'static str,
    /// The kebab-case operationId (also accepted in the chapter).
    pub kebab: &'static str,
    /// HTTP method.
    pub method: &'static str,
    /// Path template.
    pub path: &'static str,
    /// The summary, on one line.
    pub summary: &'static str,
    /// The description.
    pub description: &'static str,
    /// How it pages, for paged lists.
    pub paging: Option<Paging>,
    /// Whether it takes a JSON body.
    pub has_body: bool,
    /// Path parameters (in path order), query parameters, then body fields.
    pub args: &'static [Arg],
}

include!(concat!(env!("OUT_DIR"), "/table.rs"));

/// Short names of chapters, accepted beside the chapter's own.
pub const CHAPTER_ALIASES: &[(&str, &str)] = &[
    ("organization", "org"),
    ("repository", "repo"),
    ("namespacequota", "quota"),
    ("permission", "perm"),
    ("prototype", "proto"),
];

/// The chapter a name or alias designates.
pub fn chapter(name: &str) -> Option<&'static Chapter> {
    let name = CHAPTER_ALIASES.iter().find(|(_, alias)| *alias == name).map(|(c, _)| *c).unwrap_or(name);
    CHAPTERS.iter().find(|c| c.name == name)
}

/// The aliases of a chapter.
pub fn aliases(chapter: &str) -> impl Iterator<Item = &'static str> + '_ {
    CHAPTER_ALIASES.iter().filter(move |(c, _)| *c == chapter).map(|(_, a)| *a)
}

/// The operations of a chapter, in document order.
pub fn operations_of(chapter: &str) -> impl Iterator<Item = &'static Op> + '_ {
    OPERATIONS.iter().filter(move |o| o.chapter == chapter)
}

/// An operation by its operationId.
pub fn operation(id: &str) -> Option<&'static Op> {
    OPERATIONS.iter().find(|o| o.id == id)
}

impl Op {
    /// Whether the operation's `namespace` and `repository` path parameters are given as one
    /// `namespace/name` argument.
    pub fn joins_repository(&self) -> bool {
        let path = |k: &str| self.args.iter().any(|a| a.key == k && a.source == Source::Path);
        path("namespace") && path("repository")
    }
}
