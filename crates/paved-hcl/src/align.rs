//! The `=` alignment rule of Terraform's formatter.
//!
//! `terraform fmt` (hclwrite) splits a file into lines and treats a line as an *assignment* when
//! its first `=` token (not `==`, `!=`, `<=`, `>=`, `=>`) is not the first token and the rest of
//! the line after it opens no more brackets than it closes. A run of consecutive assignment lines
//! forms a chain; any other line (blank, comment-only, block header, closing bracket, the first
//! line of a multi-line value) ends it. Within a chain every `=` is placed one space after the
//! widest left-hand side. A heredoc belongs to the line that opens it.

/// What one logical line (a physical line plus any heredoc or block comment it opens) holds.
struct Line {
    /// Byte range of the logical line in the source, without its final newline.
    start: usize,
    end: usize,
    /// Byte offset of the assignment `=` when the line is an assignment.
    assign_at: Option<usize>,
}

/// Returns `source` with the `=` of each run of neighbouring single-line assignments aligned as
/// `terraform fmt` aligns them. Text inside strings, comments and heredocs is never changed.
///
/// ```
/// let src = "a = 1\nlong_name = 2\n\nc = {\n  x = 1\n  yy = 2\n}\n";
/// assert_eq!(
///     paved_hcl::align_assignments(src),
///     "a         = 1\nlong_name = 2\n\nc = {\n  x  = 1\n  yy = 2\n}\n"
/// );
/// ```
pub fn align_assignments(source: &str) -> String {
    let lines = scan(source);
    let mut out = String::with_capacity(source.len() + 64);
    let mut index = 0;
    let mut copied_to = 0;
    while index < lines.len() {
        if lines[index].assign_at.is_none() {
            index += 1;
            continue;
        }
        let chain_end = (index..lines.len()).find(|&i| lines[i].assign_at.is_none()).unwrap_or(lines.len());
        let chain = &lines[index..chain_end];
        let width = chain.iter().map(|line| lead(source, line).chars().count()).max().unwrap_or(0);
        for line in chain {
            let assign_at = line.assign_at.unwrap_or(line.start);
            let lead_text = lead(source, line);
            out.push_str(&source[copied_to..line.start]);
            out.push_str(lead_text);
            for _ in 0..=(width - lead_text.chars().count()) {
                out.push(' ');
            }
            copied_to = assign_at;
        }
        index = chain_end;
    }
    out.push_str(&source[copied_to..]);
    out
}

/// The left-hand side of an assignment line, without the spaces before its `=`.
fn lead<'a>(source: &'a str, line: &Line) -> &'a str {
    source[line.start..line.assign_at.unwrap_or(line.end)].trim_end()
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Code,
    /// Inside a quoted string; the number is the interpolation depth stack length at entry.
    String,
}

/// Splits `source` into logical lines and finds each line's assignment `=`.
fn scan(source: &str) -> Vec<Line> {
    let bytes = source.as_bytes();
    let mut lines = Vec::new();
    let mut position = 0;
    // Stack of open contexts: `Mode::String` for a quoted string, `Mode::Code` for a `${`/`%{`
    // interpolation inside one (whose closing `}` returns to the string).
    let mut stack: Vec<Mode> = Vec::new();
    let mut line_start = 0;
    let mut tokens_on_line = 0usize;
    let mut first_equal: Option<usize> = None;
    let mut bracket_balance_after_equal = 0i64;
    let mut heredoc_seen_after_equal = false;
    let mut pending_heredoc: Option<String> = None;

    let mode = |stack: &Vec<Mode>| stack.last().copied().unwrap_or(Mode::Code);

    while position < bytes.len() {
        let byte = bytes[position];
        if mode(&stack) == Mode::String {
            match byte {
                b'\\' => position += 2,
                b'"' => {
                    stack.pop();
                    position += 1;
                }
                // `$${` and `%%{` are escapes for a literal `${` / `%{`; a lone `$$` is two literals.
                b'$' | b'%' if bytes.get(position + 1) == Some(&byte) && bytes.get(position + 2) == Some(&b'{') => {
                    position += 3
                }
                b'$' | b'%' if bytes.get(position + 1) == Some(&b'{') => {
                    stack.push(Mode::Code);
                    if first_equal.is_some() {
                        bracket_balance_after_equal += 1;
                    }
                    position += 2;
                }
                b'\n' => {
                    // An unterminated string; recover at the end of the line as HCL does.
                    stack.clear();
                    continue_line_end(
                        &mut lines,
                        &mut line_start,
                        position,
                        &mut first_equal,
                        bracket_balance_after_equal,
                    );
                    tokens_on_line = 0;
                    bracket_balance_after_equal = 0;
                    heredoc_seen_after_equal = false;
                    position += 1;
                }
                _ => position += 1,
            }
            continue;
        }
        match byte {
            b'\n' => {
                let newline_at = position;
                position += 1;
                if let Some(marker) = pending_heredoc.take() {
                    // Skip the heredoc body up to and including its closing marker line.
                    loop {
                        let next_newline =
                            source[position..].find('\n').map(|offset| position + offset).unwrap_or(bytes.len());
                        let content = source[position..next_newline].trim();
                        position = next_newline;
                        if content == marker || position >= bytes.len() {
                            break;
                        }
                        position += 1;
                    }
                    continue;
                }
                continue_line_end(
                    &mut lines,
                    &mut line_start,
                    newline_at,
                    &mut first_equal,
                    bracket_balance_after_equal,
                );
                tokens_on_line = 0;
                bracket_balance_after_equal = 0;
                heredoc_seen_after_equal = false;
            }
            b' ' | b'\t' | b'\r' => position += 1,
            b'#' => skip_to_newline(bytes, &mut position),
            b'/' if bytes.get(position + 1) == Some(&b'/') => skip_to_newline(bytes, &mut position),
            b'/' if bytes.get(position + 1) == Some(&b'*') => {
                let close =
                    source[position + 2..].find("*/").map(|offset| position + 2 + offset + 2).unwrap_or(bytes.len());
                position = close;
                tokens_on_line += 1;
            }
            b'"' => {
                stack.push(Mode::String);
                tokens_on_line += 1;
                position += 1;
            }
            b'<' if bytes.get(position + 1) == Some(&b'<') && heredoc_marker(source, position).is_some() => {
                let (marker, after) = heredoc_marker(source, position).unwrap_or_default();
                pending_heredoc = Some(marker);
                if first_equal.is_some() {
                    heredoc_seen_after_equal = true;
                }
                tokens_on_line += 1;
                position = after;
            }
            b'=' | b'!' | b'<' | b'>' => {
                let next = bytes.get(position + 1).copied();
                let is_two_char = matches!(next, Some(b'=')) || (byte == b'=' && next == Some(b'>'));
                if byte == b'=' && !is_two_char && first_equal.is_none() && tokens_on_line > 0 {
                    first_equal = Some(position);
                    bracket_balance_after_equal = 0;
                }
                tokens_on_line += 1;
                position += if is_two_char { 2 } else { 1 };
            }
            b'{' | b'[' | b'(' => {
                if first_equal.is_some() && !heredoc_seen_after_equal {
                    bracket_balance_after_equal += 1;
                }
                if byte == b'{' && !stack.is_empty() {
                    stack.push(Mode::Code);
                }
                tokens_on_line += 1;
                position += 1;
            }
            b'}' | b']' | b')' => {
                if first_equal.is_some() && !heredoc_seen_after_equal {
                    bracket_balance_after_equal -= 1;
                }
                if byte == b'}' && !stack.is_empty() {
                    // Closes an interpolation (returning to its string) or a nested object.
                    stack.pop();
                }
                tokens_on_line += 1;
                position += 1;
            }
            _ => {
                // An identifier, number or operator: consume the run as one token.
                let start = position;
                while position < bytes.len()
                    && !matches!(
                        bytes[position],
                        b' ' | b'\t'
                            | b'\r'
                            | b'\n'
                            | b'"'
                            | b'#'
                            | b'='
                            | b'!'
                            | b'<'
                            | b'>'
                            | b'{'
                            | b'}'
                            | b'['
                            | b']'
                            | b'('
                            | b')'
                            | b'/'
                    )
                {
                    position += 1;
                }
                if position == start {
                    position += 1;
                }
                tokens_on_line += 1;
            }
        }
    }
    if line_start < bytes.len() {
        continue_line_end(&mut lines, &mut line_start, bytes.len(), &mut first_equal, bracket_balance_after_equal);
    }
    lines
}

fn continue_line_end(
    lines: &mut Vec<Line>,
    line_start: &mut usize,
    end: usize,
    first_equal: &mut Option<usize>,
    bracket_balance_after_equal: i64,
) {
    let assign_at = first_equal.take().filter(|_| bracket_balance_after_equal == 0);
    lines.push(Line { start: *line_start, end, assign_at });
    *line_start = end + 1;
}

fn skip_to_newline(bytes: &[u8], position: &mut usize) {
    while *position < bytes.len() && bytes[*position] != b'\n' {
        *position += 1;
    }
}

/// Recognises `<<MARKER` or `<<-MARKER` at `position`, returning the marker and the offset after it.
fn heredoc_marker(source: &str, position: usize) -> Option<(String, usize)> {
    let rest = &source[position + 2..];
    let (rest, skipped) = match rest.strip_prefix('-') {
        Some(stripped) => (stripped, 3),
        None => (rest, 2),
    };
    let length = rest.bytes().take_while(|byte| byte.is_ascii_alphanumeric() || *byte == b'_').count();
    let after = rest.as_bytes().get(length).copied();
    (length > 0 && matches!(after, Some(b'\n') | Some(b'\r')))
        .then(|| (rest[..length].to_owned(), position + skipped + length))
}

#[cfg(test)]
mod tests {
    use super::align_assignments;

    #[test]
    fn aligns_a_run_and_breaks_on_blank_lines_and_blocks() {
        let source = "resource \"x\" \"y\" {\n  a = 1\n  bbb = 2\n\n  cc = 3\n  tags = {\n    k = \"v\"\n    long = \"w\"\n  }\n  d = 4\n}\n";
        let expected = "resource \"x\" \"y\" {\n  a   = 1\n  bbb = 2\n\n  cc = 3\n  tags = {\n    k    = \"v\"\n    long = \"w\"\n  }\n  d = 4\n}\n";
        assert_eq!(align_assignments(source), expected);
    }

    #[test]
    fn ignores_equals_inside_strings_comparisons_and_arrows() {
        let source = "a = \"x = y\"\nbb = c == d ? 1 : 2\nm = { for k, v in x : k => v }\n";
        let expected = "a  = \"x = y\"\nbb = c == d ? 1 : 2\nm  = { for k, v in x : k => v }\n";
        assert_eq!(align_assignments(source), expected);
    }

    #[test]
    fn interpolations_with_braces_do_not_confuse_bracket_counting() {
        let source = "a = \"${jsonencode({ x = 1 })}\"\nbbbb = \"}{\"\n";
        let expected = "a    = \"${jsonencode({ x = 1 })}\"\nbbbb = \"}{\"\n";
        assert_eq!(align_assignments(source), expected);
    }

    #[test]
    fn escaped_quotes_and_markers_stay_inside_their_string() {
        let source = "a = \"\\\" = $${x} %%{y}\"\nbbb = 1\n";
        let expected = "a   = \"\\\" = $${x} %%{y}\"\nbbb = 1\n";
        assert_eq!(align_assignments(source), expected);
    }

    #[test]
    fn a_double_dollar_before_an_escape_is_a_literal_dollar() {
        // `$$${` is a literal `$` followed by the escape `$${`: no interpolation opens.
        let source = "a = \"$$${=\"\nbbb = 1\n";
        let expected = "a   = \"$$${=\"\nbbb = 1\n";
        assert_eq!(align_assignments(source), expected);
    }

    #[test]
    fn comment_lines_break_a_chain() {
        let source = "a = 1\n# note = 2\nbbb = 3\n";
        assert_eq!(align_assignments(source), source);
    }

    #[test]
    fn heredoc_belongs_to_the_line_that_opens_it() {
        let source = "a = <<EOT\nx = 1\nEOT\nbbb = 2\n";
        let expected = "a   = <<EOT\nx = 1\nEOT\nbbb = 2\n";
        assert_eq!(align_assignments(source), expected);
    }

    #[test]
    fn aligned_text_is_a_fixed_point() {
        let source = "a   = 1\nbbb = 2\n";
        assert_eq!(align_assignments(source), source);
    }

    #[test]
    fn widths_count_characters_not_bytes() {
        let source = "\"é\" = 1\n\"ab\" = 2\n";
        let expected = "\"é\"  = 1\n\"ab\" = 2\n";
        assert_eq!(align_assignments(source), expected);
    }
}
