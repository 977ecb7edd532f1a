//! Python text: wrapped paragraphs and docstrings.

/// Wraps each paragraph (separated by a blank line) at `width` columns.
pub(super) fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    for para in text.split("\n\n") {
        let mut line = String::new();
        for word in para.split_whitespace() {
            if !line.is_empty() && line.len() + 1 + word.len() > width {
                out.push_str(&line);
                out.push('\n');
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            out.push_str(&line);
            out.push('\n');
        }
        out.push('\n');
    }
    out.trim_end().to_string() + "\n"
}

/// A wrapped list item: continuation lines indented by four spaces.
pub(super) fn wrap_item(text: &str, width: usize) -> String {
    let wrapped = wrap(text, width - 4);
    let mut out = String::new();
    for (i, line) in wrapped.lines().enumerate() {
        if i > 0 {
            out.push_str("    ");
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

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

