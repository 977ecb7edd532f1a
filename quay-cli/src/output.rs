//! Printing results: JSON (pretty on a terminal, compact when piped), a table, YAML or raw
//! values; `--query` field paths; and the streamed output of paged operations.

use std::io::Write;

use serde_json::Value;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON, pretty or compact.
    Json {
        /// Indented (on a terminal).
        pretty: bool,
    },
    /// Aligned columns.
    Table,
    /// YAML.
    Yaml,
    /// Text values bare, one per line; other values as compact JSON.
    Raw,
}

impl Format {
    /// The format `--output` names (JSON by default), pretty when `terminal`.
    pub fn parse(name: Option<&str>, terminal: bool) -> Format {
        match name {
            Some("table") => Format::Table,
            Some("yaml") => Format::Yaml,
            Some("raw") => Format::Raw,
            _ => Format::Json { pretty: terminal },
        }
    }
}

/// One step of a `--query` path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
    Each,
}

/// A parsed `--query`: a field path such as `name`, `tags[].name`, `robots[0].token` or
/// `permissions.*.role` (`[]` and `*` take every element of a list or value of an object).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query(Vec<Step>);

impl Query {
    /// Parses a path, or says where it is malformed.
    pub fn parse(text: &str) -> Result<Query, String> {
        let mut steps = Vec::new();
        let body = text.strip_prefix('.').unwrap_or(text);
        if body.is_empty() {
            return Ok(Query(steps));
        }
        for part in body.split('.') {
            let (key, mut rest) = match part.find('[') {
                Some(i) => (&part[..i], &part[i..]),
                None => (part, ""),
            };
            match key {
                "" if !rest.is_empty() => {}
                "" => return Err(format!("--query `{text}`: empty field name")),
                "*" => steps.push(Step::Each),
                k => steps.push(Step::Key(k.to_string())),
            }
            while !rest.is_empty() {
                let end = rest.find(']').ok_or_else(|| format!("--query `{text}`: `[` without `]`"))?;
                let inside = &rest[1..end];
                if inside.is_empty() || inside == "*" {
                    steps.push(Step::Each);
                } else {
                    let i = inside.parse().map_err(|_| format!("--query `{text}`: `[{inside}]` is not an index"))?;
                    steps.push(Step::Index(i));
                }
                rest = &rest[end + 1..];
                if !rest.is_empty() && !rest.starts_with('[') {
                    return Err(format!("--query `{text}`: unexpected `{rest}`"));
                }
            }
        }
        Ok(Query(steps))
    }

    /// The value at the path (null where a field is missing).
    pub fn apply(&self, value: &Value) -> Value {
        fn walk(steps: &[Step], v: &Value) -> Value {
            let Some((first, rest)) = steps.split_first() else { return v.clone() };
            match first {
                Step::Key(k) => walk(rest, v.get(k).unwrap_or(&Value::Null)),
                Step::Index(i) => walk(rest, v.get(*i).unwrap_or(&Value::Null)),
                Step::Each => match v {
                    Value::Array(items) => Value::Array(items.iter().map(|x| walk(rest, x)).collect()),
                    Value::Object(map) => Value::Array(map.values().map(|x| walk(rest, x)).collect()),
                    _ => Value::Null,
                },
            }
        }
        walk(&self.0, value)
    }
}

fn io(e: std::io::Error) -> String {
    format!("cannot write the output: {e}")
}

/// Writes one whole result.
pub fn write_value(out: &mut impl Write, format: Format, value: &Value) -> Result<(), String> {
    if value.is_null() {
        return Ok(());
    }
    match format {
        Format::Json { pretty: true } => writeln!(out, "{}", serde_json::to_string_pretty(value).unwrap_or_default()).map_err(io),
        Format::Json { pretty: false } => writeln!(out, "{value}").map_err(io),
        Format::Yaml => write!(out, "{}", serde_yaml::to_string(value).map_err(|e| e.to_string())?).map_err(io),
        Format::Raw => match value {
            Value::Array(items) => items.iter().try_for_each(|i| writeln!(out, "{}", raw(i)).map_err(io)),
            other => writeln!(out, "{}", raw(other)).map_err(io),
        },
        Format::Table => {
            let rows = table_rows(value);
            let mut t = Table::new(&rows);
            t.write(out, &rows, true)
        }
    }
}

/// A value as raw text: strings bare, everything else compact JSON.
fn raw(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The rows a value shows as in a table: a list's items; the list inside an object whose one
/// list-valued field holds the content (`{"robots": [...]}`); else the object's fields as
/// `key value` rows.
fn table_rows(value: &Value) -> Vec<Value> {
    match value {
        Value::Array(items) => items.clone(),
        Value::Object(map) => {
            let lists: Vec<&Vec<Value>> = map.values().filter_map(Value::as_array).collect();
            if let [only] = lists[..]
                && map.len() <= 2
            {
                return only.clone();
            }
            map.iter().map(|(k, v)| serde_json::json!({"key": k, "value": v})).collect()
        }
        other => vec![other.clone()],
    }
}

/// Columns of a table, from its first rows.
struct Table {
    columns: Vec<String>,
    widths: Vec<usize>,
}

const CELL_MAX: usize = 60;

fn cell(v: &Value) -> String {
    let text = match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let text = text.replace(['\n', '\t'], " ");
    if text.chars().count() > CELL_MAX {
        format!("{}…", text.chars().take(CELL_MAX - 1).collect::<String>())
    } else {
        text
    }
}

impl Table {
    fn new(rows: &[Value]) -> Table {
        let mut columns: Vec<String> = Vec::new();
        for r in rows {
            match r {
                Value::Object(map) => {
                    for k in map.keys() {
                        if !columns.contains(k) {
                            columns.push(k.clone());
                        }
                    }
                }
                _ if columns.is_empty() => columns.push("value".into()),
                _ => {}
            }
        }
        let mut t = Table { widths: columns.iter().map(|c| c.chars().count()).collect(), columns };
        for r in rows {
            for (i, c) in t.cells(r).iter().enumerate() {
                t.widths[i] = t.widths[i].max(c.chars().count());
            }
        }
        t
    }

    fn cells(&self, row: &Value) -> Vec<String> {
        match row {
            Value::Object(map) => self.columns.iter().map(|c| cell(map.get(c).unwrap_or(&Value::Null))).collect(),
            other => {
                let mut v = vec![String::new(); self.columns.len()];
                if let Some(first) = v.first_mut() {
                    *first = cell(other);
                }
                v
            }
        }
    }

    fn line(&self, cells: &[String]) -> String {
        let last = cells.len().saturating_sub(1);
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            s.push_str(c);
            if i < last {
                let pad = self.widths[i].saturating_sub(c.chars().count()) + 2;
                s.extend(std::iter::repeat_n(' ', pad));
            }
        }
        s.trim_end().to_string()
    }

    fn write(&mut self, out: &mut impl Write, rows: &[Value], header: bool) -> Result<(), String> {
        if self.columns.is_empty() {
            return Ok(());
        }
        if header {
            let head: Vec<String> = self.columns.iter().map(|c| c.to_ascii_uppercase()).collect();
            writeln!(out, "{}", self.line(&head)).map_err(io)?;
        }
        for r in rows {
            let cells = self.cells(r);
            for (i, c) in cells.iter().enumerate() {
                self.widths[i] = self.widths[i].max(c.chars().count());
            }
            writeln!(out, "{}", self.line(&cells)).map_err(io)?;
        }
        Ok(())
    }
}

/// Writes the items of a paged operation as they arrive: one JSON array, YAML list entries,
/// raw lines, or table rows (columns from the first page).
pub struct Stream {
    format: Format,
    count: usize,
    table: Option<Table>,
}

impl Stream {
    /// A stream in `format`.
    pub fn new(format: Format) -> Stream {
        Stream { format, count: 0, table: None }
    }

    /// How many items were written.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Writes a batch of items (a page, or what arrived of it).
    pub fn items(&mut self, out: &mut impl Write, items: &[Value]) -> Result<(), String> {
        for item in items {
            match self.format {
                Format::Json { pretty } => {
                    let sep = if self.count == 0 { "[" } else { "," };
                    if pretty {
                        let text = serde_json::to_string_pretty(item).unwrap_or_default();
                        let indented = text.lines().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n");
                        write!(out, "{sep}\n{indented}").map_err(io)?;
                    } else {
                        write!(out, "{sep}{item}").map_err(io)?;
                    }
                }
                Format::Yaml => {
                    let text = serde_yaml::to_string(&[item]).map_err(|e| e.to_string())?;
                    write!(out, "{text}").map_err(io)?;
                }
                Format::Raw => writeln!(out, "{}", raw(item)).map_err(io)?,
                Format::Table => {}
            }
            self.count += 1;
        }
        if self.format == Format::Table && !items.is_empty() {
            let header = self.table.is_none();
            let table = self.table.get_or_insert_with(|| Table::new(items));
            table.write(out, items, header)?;
        }
        Ok(())
    }

    /// Closes the output (the JSON array's end; `[]` when there was no item).
    pub fn finish(&mut self, out: &mut impl Write) -> Result<(), String> {
        match self.format {
            Format::Json { pretty } => match (self.count, pretty) {
                (0, _) => writeln!(out, "[]").map_err(io),
                (_, true) => writeln!(out, "\n]").map_err(io),
                (_, false) => writeln!(out, "]").map_err(io),
            },
            Format::Yaml if self.count == 0 => writeln!(out, "[]").map_err(io),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn queries_walk_fields_indices_and_every_element() {
        let v = json!({"tags": [{"name": "a"}, {"name": "b"}], "p": {"x": {"role": "read"}}});
        assert_eq!(Query::parse("tags[].name").unwrap().apply(&v), json!(["a", "b"]));
        assert_eq!(Query::parse(".tags[1].name").unwrap().apply(&v), json!("b"));
        assert_eq!(Query::parse("p.*.role").unwrap().apply(&v), json!(["read"]));
        assert_eq!(Query::parse("missing").unwrap().apply(&v), Value::Null);
        assert!(Query::parse("tags[x]").is_err());
        assert!(Query::parse("a..b").is_err());
    }

    #[test]
    fn tables_align_columns() {
        let mut out = Vec::new();
        write_value(&mut out, Format::Table, &json!({"robots": [{"name": "acme+ci", "created": 1}, {"name": "acme+x", "created": 22}]})).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "CREATED  NAME\n1        acme+ci\n22       acme+x\n");
    }
}
