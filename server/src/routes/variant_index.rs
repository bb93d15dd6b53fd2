//! An index over the contracts' operation variants (each path, with and without its base
//! path), so that a route is compared only with the operations it can fit.

use super::compose::FullPath;
use super::matching::Variant;
use super::path::Segment;
use rustc_hash::FxHashMap as HashMap;

/// Narrows the operations a path can fit. A literal segment in code only fits the same
/// literal in a contract, so the candidates are those sharing the route's most selective
/// literal at its position; all-parameter routes, catch-alls and suffix matches scan
/// their length or everything.
pub(super) struct VariantIndex<'v> {
    by_len: HashMap<usize, Vec<usize>>,
    by_lit: HashMap<(usize, usize, &'v str), Vec<usize>>,
    /// Variants ending in a catch-all: they fit paths of any length.
    rest: Vec<usize>,
}

impl<'v> VariantIndex<'v> {
    pub(super) fn new(variants: &'v [Variant]) -> Self {
        let mut ix = VariantIndex {
            by_len: HashMap::default(),
            by_lit: HashMap::default(),
            rest: Vec::new(),
        };
        for (i, v) in variants.iter().enumerate() {
            if matches!(v.segments.last(), Some(Segment::Rest(_))) {
                ix.rest.push(i);
                continue;
            }
            let n = v.segments.len();
            ix.by_len.entry(n).or_default().push(i);
            for (pos, s) in v.segments.iter().enumerate() {
                if let Segment::Lit(l) = s {
                    ix.by_lit.entry((n, pos, l.as_str())).or_default().push(i);
                }
            }
        }
        ix
    }

    pub(super) fn candidates<'a>(
        &'a self,
        p: &'a FullPath,
        variants: &'a [Variant],
    ) -> Box<dyn Iterator<Item = &'a Variant> + 'a> {
        let code = &p.segments;
        if p.unknown_prefix.is_some() || matches!(code.last(), Some(Segment::Rest(_))) {
            return Box::new(variants.iter());
        }
        let n = code.len();
        let narrowest: Option<&Vec<usize>> = code
            .iter()
            .enumerate()
            .filter_map(|(pos, s)| match s {
                Segment::Lit(l) => Some(self.by_lit.get(&(n, pos, l.as_str()))),
                _ => None,
            })
            .map(|c| c.unwrap_or(&EMPTY))
            .min_by_key(|c| c.len());
        let base: &[usize] = match narrowest {
            Some(c) => c,
            None => self.by_len.get(&n).map_or(&[], Vec::as_slice),
        };
        Box::new(
            base.iter()
                .chain(self.rest.iter())
                .map(move |&i| &variants[i]),
        )
    }
}

static EMPTY: Vec<usize> = Vec::new();
