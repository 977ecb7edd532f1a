//! Python text: wrapped paragraphs and docstrings.

pub(super) use crate::text::{wrap, wrap_item};

/// A docstring indented by `indent`.
pub(super) fn docstring(text: &str, indent: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace("\"\"\"", "\\\"\\\"\\\"");
    let lines: Vec<&str> = escaped.trim_end().lines().collect();
    if lines.len() == 1 {
        return format!("{indent}\"\"\"{}\"\"\"\n", lines[0].trim_end());
    }
    let mut out = format!("{indent}\"\"\"");
    for (i, line) in lines.iter().enumerate() {
        if i > 0 && !line.trim().is_empty() {
            out.push_str(indent);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str(indent);
    out.push_str("\"\"\"\n");
    out
}

