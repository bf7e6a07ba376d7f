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
