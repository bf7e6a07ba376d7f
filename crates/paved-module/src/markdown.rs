//! Text from blueprints and stack files placed in the Markdown Paved writes (module and stack
//! READMEs), kept text: raw HTML is escaped, code spans are left as written.

/// `text` with `<`, `>` and `&` outside code spans written as HTML entities, so a description
/// holding `<script>` or `<img onerror=…>` reads as that text instead of reaching the rendered
/// page as HTML. Inside a code span (`` `<T>` ``) Markdown shows characters literally, so they are
/// kept; a backtick after a backslash, or one without a closing run of the same length, opens no
/// code span and is copied as it is.
///
/// ```
/// use paved_module::escape_markdown_html;
/// assert_eq!(escape_markdown_html("a <b> & `<c>`"), "a &lt;b&gt; &amp; `<c>`");
/// assert_eq!(escape_markdown_html(r"\`<i>`"), r"\`&lt;i&gt;`");
/// ```
pub fn escape_markdown_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('`') {
        let before = &rest[..start];
        push_escaped(&mut out, before);
        let trailing_backslashes = before.chars().rev().take_while(|character| *character == '\\').count();
        let literal = trailing_backslashes % 2 == 1;
        let after = &rest[start..];
        let run = after.bytes().take_while(|byte| *byte == b'`').count();
        let body = &after[run..];
        match (literal, closing_run(body, run)) {
            (false, Some(end)) => {
                out.push_str(&after[..run + end + run]);
                rest = &body[end + run..];
            }
            (true, _) => {
                // Only the escaped backtick is literal; the rest of the run may open a span.
                out.push('`');
                rest = &after[1..];
            }
            (false, None) => {
                out.push_str(&after[..run]);
                rest = body;
            }
        }
    }
    push_escaped(&mut out, rest);
    out
}

/// The byte offset in `body` of the first run of exactly `length` backticks.
fn closing_run(body: &str, length: usize) -> Option<usize> {
    let bytes = body.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'`' {
            let run = bytes[index..].iter().take_while(|byte| **byte == b'`').count();
            if run == length {
                return Some(index);
            }
            index += run;
        } else {
            index += 1;
        }
    }
    None
}

fn push_escaped(out: &mut String, text: &str) {
    for character in text.chars() {
        match character {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            other => out.push(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::escape_markdown_html;

    #[test]
    fn html_outside_code_spans_is_escaped() {
        assert_eq!(escape_markdown_html("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
        assert_eq!(escape_markdown_html("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
        assert_eq!(escape_markdown_html("&#60;b&#62;"), "&amp;#60;b&amp;#62;");
    }

    #[test]
    fn code_spans_are_kept() {
        assert_eq!(escape_markdown_html("use `map(string)` <here>"), "use `map(string)` &lt;here&gt;");
        assert_eq!(escape_markdown_html("``a ` <b>`` <c>"), "``a ` <b>`` &lt;c&gt;");
    }

    #[test]
    fn backticks_that_open_nothing_do_not_shield_html() {
        assert_eq!(escape_markdown_html("` <b>"), "` &lt;b&gt;");
        assert_eq!(escape_markdown_html(r"\`<b>`"), r"\`&lt;b&gt;`");
        assert_eq!(escape_markdown_html(r"\\`<b>`"), r"\\`<b>`");
        assert_eq!(escape_markdown_html("``<b>`"), "``&lt;b&gt;`");
    }

    #[test]
    fn plain_text_is_unchanged() {
        let text = "Runs a function with its role, log group and alarms; between 128 and 10240.";
        assert_eq!(escape_markdown_html(text), text);
    }
}
