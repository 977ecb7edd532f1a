//! Text shared by every generator: paragraphs wrapped to a width.

/// Wraps each paragraph (separated by a blank line) at `width` columns.
pub fn wrap(text: &str, width: usize) -> String {
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
pub fn wrap_item(text: &str, width: usize) -> String {
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
