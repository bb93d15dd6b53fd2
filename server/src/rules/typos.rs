//! "Did you mean": the defined ID a typo away from an undefined one.
//!
//! The answer is the candidate with the smallest Damerau-Levenshtein distance within a
//! limit (ties: the smallest ID). A workspace with a thousand undefined IDs and five
//! thousand requirements asks for five million distances; most candidates are ruled out
//! first by two lower bounds of the distance, so only a few are computed: the difference
//! in length, and half the difference of the character counts (every edit changes at
//! most two counts by one each).

/// Candidates with their character counts, precomputed once per set.
pub struct Typos<'a> {
    candidates: Vec<(&'a str, usize, Counts)>,
}

/// Character counts in 64 buckets (digits, upper, lower, `-`, anything else): merging
/// characters into a bucket only lowers the bound, so it stays a bound.
#[derive(Clone, Copy)]
struct Counts([u8; 64]);

impl Counts {
    fn of(s: &str) -> Counts {
        let mut c = [0u8; 64];
        for ch in s.chars() {
            let b = match ch {
                '0'..='9' => ch as usize - '0' as usize,
                'A'..='Z' => 10 + (ch as usize - 'A' as usize),
                'a'..='z' => 36 + (ch as usize - 'a' as usize),
                '-' => 62,
                _ => 63,
            };
            c[b] = c[b].saturating_add(1);
        }
        Counts(c)
    }

    /// Half the L1 distance, rounded up. Written so it vectorises.
    fn bound(&self, other: &Counts) -> usize {
        let l1: u32 = self
            .0
            .iter()
            .zip(other.0.iter())
            .map(|(a, b)| u32::from(a.abs_diff(*b)))
            .sum();
        l1.div_ceil(2) as usize
    }
}

impl<'a> Typos<'a> {
    pub fn new(candidates: &[&'a str]) -> Typos<'a> {
        Typos {
            candidates: candidates
                .iter()
                .map(|c| (*c, c.chars().count(), Counts::of(c)))
                .collect(),
        }
    }

    /// The closest candidate, if it is close enough to be a typo: within a third of the
    /// ID's length (at least 2).
    pub fn closest(&self, id: &str) -> Option<&'a str> {
        let limit = (id.len() / 3).max(2);
        let len = id.chars().count();
        let counts = Counts::of(id);
        let mut best: Option<(usize, &'a str)> = None;
        for (c, c_len, c_counts) in &self.candidates {
            // The best so far narrows the search: a tie still counts (smaller ID wins).
            let within = best.map_or(limit, |(d, _)| d);
            if c_len.abs_diff(len) > within || counts.bound(c_counts) > within {
                continue;
            }
            let d = strsim::damerau_levenshtein(id, c);
            if d <= limit && best.is_none_or(|b| (d, *c) < b) {
                best = Some((d, c));
            }
        }
        best.map(|(_, c)| c)
    }
}

// Verifies: REQ-CHAIN-RULES
#[cfg(test)]
mod tests {
    use super::*;

    /// The plain search it replaces: every distance computed.
    fn naive<'a>(id: &str, candidates: &[&'a str]) -> Option<&'a str> {
        let limit = (id.len() / 3).max(2);
        candidates
            .iter()
            .map(|c| (strsim::damerau_levenshtein(id, c), *c))
            .filter(|(d, _)| *d <= limit)
            .min()
            .map(|(_, c)| c)
    }

    #[test]
    fn same_answers_as_computing_every_distance() {
        let owned: Vec<String> = (1..=600)
            .map(|n| format!("REQ-{n}"))
            .chain(["REQ-PAY-1", "REQ-PAY-2", "REQ-PAY-CAPTURE", "REQ-Ünï-1"].map(String::from))
            .collect();
        let ids: Vec<&str> = owned.iter().map(String::as_str).collect();
        let typos = Typos::new(&ids);
        let queries = [
            "REQ-12",
            "REQ-21",
            "REQ-601",
            "REQ-6001",
            "REQ-9999",
            "REQ-PAY-11",
            "REQ-PYA-2",
            "REQ-PAY-CAPTUER",
            "REQ-SHIPPING-9",
            "REQ-Ünï-2",
            "REQ-",
            "REQ-1-2",
            "REQ-0",
        ];
        for q in queries {
            assert_eq!(typos.closest(q), naive(q, &ids), "{q}");
        }
        let mut seed = 7u64;
        for _ in 0..300 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let q = format!("REQ-{}", seed % 20_000);
            assert_eq!(typos.closest(&q), naive(&q, &ids), "{q}");
        }
    }
}
