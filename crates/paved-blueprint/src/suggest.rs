//! "Did you mean …?" for names users mistype.

/// The candidate closest to `name`: one that starts with it or that it starts with (`memory` →
/// `memory_size`), else the nearest by edit distance within 3. `None` when nothing is close, or
/// when several candidates are equally close (a guess between them would mislead; callers then
/// list every candidate).
///
/// ```
/// let names = ["memory_size", "timeout", "runtime"];
/// assert_eq!(paved_blueprint::closest("memory", names.into_iter()), Some("memory_size"));
/// assert_eq!(paved_blueprint::closest("runtme", names.into_iter()), Some("runtime"));
/// assert_eq!(paved_blueprint::closest("region", names.into_iter()), None);
/// assert_eq!(paved_blueprint::closest("function", ["function_arn", "function_name"].into_iter()), None);
/// ```
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let scored: Vec<(usize, &str)> = candidates
        .map(|candidate| {
            let related = candidate.starts_with(name) || name.starts_with(candidate);
            (if related { 0 } else { strsim::levenshtein(name, candidate) }, candidate)
        })
        .filter(|(distance, _)| *distance <= 3)
        .collect();
    let best = scored.iter().map(|(distance, _)| *distance).min()?;
    match scored.iter().filter(|(distance, _)| *distance == best).collect::<Vec<_>>().as_slice() {
        [(_, only)] => Some(only),
        _ => None,
    }
}

/// `text` as lowercase words joined by single `-`, starting with a letter and at most `max_length`
/// characters long (whole words are kept where they fit): word breaks are made at anything that is
/// not an ASCII letter or digit, and where a lowercase letter or digit meets an uppercase one
/// (`PaymentGateway`, `HTTPProxy`).
pub(crate) fn kebab_case(text: &str, max_length: usize) -> String {
    let characters: Vec<char> = text.chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for (index, &character) in characters.iter().enumerate() {
        if !character.is_ascii_alphanumeric() {
            words.extend((!word.is_empty()).then(|| std::mem::take(&mut word)));
            continue;
        }
        let previous = index.checked_sub(1).map(|before| characters[before]);
        let next = characters.get(index + 1);
        let breaks = character.is_ascii_uppercase()
            && previous.is_some_and(|previous| {
                previous.is_ascii_lowercase()
                    || previous.is_ascii_digit()
                    || (previous.is_ascii_uppercase() && next.is_some_and(char::is_ascii_lowercase))
            });
        if breaks && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        word.push(character.to_ascii_lowercase());
    }
    words.extend((!word.is_empty()).then_some(word));
    // A name starts with a letter: drop what comes before the first one.
    let mut joined = words.join("-");
    let start = joined.find(|character: char| character.is_ascii_lowercase()).unwrap_or(joined.len());
    joined.drain(..start);
    if joined.len() <= max_length {
        return joined;
    }
    let mut kept = String::new();
    for word in joined.split('-') {
        let separator = usize::from(!kept.is_empty());
        if kept.len() + separator + word.len() > max_length {
            break;
        }
        if separator == 1 {
            kept.push('-');
        }
        kept.push_str(word);
    }
    if kept.is_empty() {
        kept = joined[..max_length].trim_end_matches('-').to_owned();
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::kebab_case;

    #[test]
    fn kebab_case_keeps_words_and_fits() {
        for (text, expected) in [
            ("Payment_Gateway", "payment-gateway"),
            ("payment gateway", "payment-gateway"),
            ("PaymentGateway", "payment-gateway"),
            ("HTTPProxy", "http-proxy"),
            ("orders--API", "orders-api"),
            ("-9lives-", "lives"),
            ("v2Orders", "v2-orders"),
            ("déjà-vu", "d-j-vu"),
            ("", ""),
            ("one-two-three-four", "one-two"),
            ("abcdefghijkl", "abcdefgh"),
        ] {
            let max = if text.starts_with("one") {
                9
            } else if text.starts_with("abc") {
                8
            } else {
                32
            };
            assert_eq!(kebab_case(text, max), expected, "{text}");
        }
    }
}
