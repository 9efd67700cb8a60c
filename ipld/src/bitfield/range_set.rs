//! Set algebra on sorted lists of ranges.
//!
//! Every list handled here is *normal*: ranges are non-empty, sorted, disjoint and separated by at
//! least one missing bit. All functions take normal lists and return a normal list.

use core::ops::Range;

/// Number of bits in a range.
pub(super) fn size(range: &Range<u64>) -> u64 {
    range.end.saturating_sub(range.start)
}

/// Appends a range that starts at or after the start of the last one, merging when they touch.
fn push_merged(out: &mut Vec<Range<u64>>, range: Range<u64>) {
    if range.start >= range.end {
        return;
    }
    match out.last_mut() {
        Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
        _ => out.push(range),
    }
}

/// Turns arbitrary ranges (unsorted, overlapping, empty) into a normal list.
pub(super) fn normalize(mut ranges: Vec<Range<u64>>) -> Vec<Range<u64>> {
    ranges.sort_unstable_by_key(|range| range.start);
    let mut out = Vec::with_capacity(ranges.len());
    for range in ranges {
        push_merged(&mut out, range);
    }
    out
}

/// Bits in `a` or `b`.
pub(super) fn union(a: &[Range<u64>], b: &[Range<u64>]) -> Vec<Range<u64>> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    loop {
        let next = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x.start <= y.start => {
                i += 1;
                x
            }
            (_, Some(y)) => {
                j += 1;
                y
            }
            (Some(x), None) => {
                i += 1;
                x
            }
            (None, None) => return out,
        };
        push_merged(&mut out, next.clone());
    }
}

/// Bits in both `a` and `b`.
pub(super) fn intersection(a: &[Range<u64>], b: &[Range<u64>]) -> Vec<Range<u64>> {
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        let start = x.start.max(y.start);
        let end = x.end.min(y.end);
        if start < end {
            out.push(start..end);
        }
        if x.end <= y.end {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// True when `a` and `b` share at least one bit.
pub(super) fn intersects(a: &[Range<u64>], b: &[Range<u64>]) -> bool {
    let (mut i, mut j) = (0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        if x.start.max(y.start) < x.end.min(y.end) {
            return true;
        }
        if x.end <= y.end {
            i += 1;
        } else {
            j += 1;
        }
    }
    false
}

/// Bits in `a` but not in `b`.
pub(super) fn difference(a: &[Range<u64>], b: &[Range<u64>]) -> Vec<Range<u64>> {
    let mut out = Vec::with_capacity(a.len());
    let mut first_relevant = 0;
    for range in a {
        let mut cursor = range.start;
        while b.get(first_relevant).is_some_and(|hole| hole.end <= cursor) {
            first_relevant += 1;
        }
        for hole in b.get(first_relevant..).unwrap_or_default() {
            if hole.start >= range.end || cursor >= range.end {
                break;
            }
            if hole.start > cursor {
                out.push(cursor..hole.start);
            }
            cursor = cursor.max(hole.end);
        }
        if cursor < range.end {
            out.push(cursor..range.end);
        }
    }
    out
}

/// Bits in exactly one of `a` and `b`.
pub(super) fn symmetric_difference(a: &[Range<u64>], b: &[Range<u64>]) -> Vec<Range<u64>> {
    difference(&union(a, b), &intersection(a, b))
}

/// Removes the bits of `b` from `a` and closes the gaps: each remaining bit moves down by the
/// number of bits of `b` below it.
pub(super) fn cut(a: &[Range<u64>], b: &[Range<u64>]) -> Vec<Range<u64>> {
    let mut out = Vec::new();
    let mut shift = 0u64;
    let mut below = b.iter().peekable();
    for range in difference(a, b) {
        // `range` avoids every range of `b`, so those starting before it also end before it.
        while let Some(hole) = below.next_if(|hole| hole.start < range.start) {
            shift += size(hole);
        }
        push_merged(&mut out, range.start - shift..range.end - shift);
    }
    out
}

/// The bits from the `skip`-th set bit on, at most `take` of them.
pub(super) fn skip_take(ranges: &[Range<u64>], skip: u64, take: u64) -> Vec<Range<u64>> {
    let mut out = Vec::new();
    let mut to_skip = skip;
    let mut to_take = take;
    for range in ranges {
        if to_take == 0 {
            break;
        }
        let length = size(range);
        if to_skip >= length {
            to_skip -= length;
            continue;
        }
        let start = range.start + to_skip;
        to_skip = 0;
        let taken = (range.end - start).min(to_take);
        out.push(start..start + taken);
        to_take -= taken;
    }
    out
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    #[test]
    fn cut_closes_gaps() {
        // a: xx-xxx--x   b: -xx-x----   result: xxx--x
        let a = [0..2, 3..6, 8..9];
        let b = [1..3, 4..5];
        assert_eq!(cut(&a, &b), vec![0..3, 5..6]);
    }

    #[test]
    fn difference_splits_ranges() {
        assert_eq!(difference(&[0..10], &[2..3, 5..7]), vec![0..2, 3..5, 7..10]);
        assert_eq!(difference(&[0..10, 20..30], &[5..25]), vec![0..5, 25..30]);
    }

    #[test]
    fn union_merges_adjacent_ranges() {
        assert_eq!(union(&[0..2, 8..9], &[2..4, 6..8]), vec![0..4, 6..9]);
    }
}
