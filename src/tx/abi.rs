//! A bounds-checked reader for Solidity ABI-encoded arguments (the calldata after the
//! 4-byte selector, or a tuple's area). Spec: <https://docs.soliditylang.org/en/latest/abi-spec.html>.
//!
//! Every read returns `None` when it would leave the buffer; offsets and lengths must fit
//! in the buffer before anything is sliced. Address words are read leniently (the low 20
//! bytes, as a wallet shows them) so dirty padding cannot hide an address.

/// Most elements read from one dynamic array.
pub(crate) const MAX_ARRAY: usize = 512;

#[derive(Clone, Copy, Debug)]
pub(crate) struct Args<'a> {
    data: &'a [u8],
}

impl<'a> Args<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Args<'a> {
        Args { data }
    }

    /// The 32-byte word at head slot `i`.
    pub(crate) fn word(&self, i: usize) -> Option<&'a [u8]> {
        let start = i.checked_mul(32)?;
        self.data.get(start..start.checked_add(32)?)
    }

    /// The address in slot `i` (its low 20 bytes).
    pub(crate) fn address(&self, i: usize) -> Option<[u8; 20]> {
        let w = self.word(i)?;
        let mut a = [0u8; 20];
        a.copy_from_slice(&w[12..]);
        Some(a)
    }

    /// Slot `i` as a small unsigned integer (offsets, lengths, bools); None when larger
    /// than the buffer could ever need.
    pub(crate) fn small(&self, i: usize) -> Option<usize> {
        word_small(self.word(i)?)
    }

    /// The area a dynamic value at slot `i` points to (offset relative to this area).
    pub(crate) fn tail(&self, i: usize) -> Option<Args<'a>> {
        let off = self.small(i)?;
        Some(Args {
            data: self.data.get(off..)?,
        })
    }

    /// Dynamic `bytes` at slot `i`.
    pub(crate) fn bytes(&self, i: usize) -> Option<&'a [u8]> {
        let t = self.tail(i)?;
        let len = t.small(0)?;
        t.data.get(32..32usize.checked_add(len)?)
    }

    /// A dynamic array at slot `i`: its length (capped) and the area after the length word,
    /// where element heads live.
    pub(crate) fn array(&self, i: usize) -> Option<(usize, Args<'a>)> {
        let t = self.tail(i)?;
        let len = t.small(0)?;
        let elems = Args {
            data: t.data.get(32..)?,
        };
        Some((len.min(MAX_ARRAY), elems))
    }

    /// A `bytes[]` at slot `i`.
    pub(crate) fn bytes_array(&self, i: usize) -> Option<Vec<&'a [u8]>> {
        let (n, elems) = self.array(i)?;
        (0..n).map(|k| elems.bytes(k)).collect()
    }
}

fn word_small(w: &[u8]) -> Option<usize> {
    if w.len() != 32 || w[..24].iter().any(|b| *b != 0) {
        return None;
    }
    let mut v = [0u8; 8];
    v.copy_from_slice(&w[24..]);
    let v = u64::from_be_bytes(v);
    // No calldata we read is anywhere near 4 GB.
    if v > u32::MAX as u64 {
        return None;
    }
    usize::try_from(v).ok()
}

#[cfg(test)]
pub(crate) mod enc {
    //! A tiny ABI encoder for tests: heads and tails built by hand.
    pub fn word_u(v: u64) -> Vec<u8> {
        let mut w = vec![0u8; 32];
        w[24..].copy_from_slice(&v.to_be_bytes());
        w
    }
    pub fn word_addr(a: &[u8; 20]) -> Vec<u8> {
        let mut w = vec![0u8; 32];
        w[12..].copy_from_slice(a);
        w
    }
    pub fn word_max() -> Vec<u8> {
        vec![0xff; 32]
    }
    /// `bytes` tail: length word + padded data.
    pub fn bytes_tail(b: &[u8]) -> Vec<u8> {
        let mut v = word_u(b.len() as u64);
        v.extend_from_slice(b);
        while v.len() % 32 != 0 {
            v.push(0);
        }
        v
    }
    /// `bytes[]` tail.
    pub fn bytes_array_tail(items: &[Vec<u8>]) -> Vec<u8> {
        let mut out = word_u(items.len() as u64);
        let mut heads = Vec::new();
        let mut tails = Vec::new();
        let base = 32 * items.len();
        for it in items {
            heads.extend(word_u((base + tails.len()) as u64));
            tails.extend(bytes_tail(it));
        }
        out.extend(heads);
        out.extend(tails);
        out
    }
    pub fn call(selector: [u8; 4], head_and_tail: &[Vec<u8>]) -> Vec<u8> {
        let mut v = selector.to_vec();
        for p in head_and_tail {
            v.extend_from_slice(p);
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::enc::*;
    use super::*;

    #[test]
    fn reads_are_bounded() {
        let a = Args::new(&[0u8; 40]);
        assert!(a.word(0).is_some());
        assert!(a.word(1).is_none());
        assert!(a.word(usize::MAX).is_none());
        // An offset pointing past the end.
        let w = word_u(1000);
        assert!(Args::new(&w).bytes(0).is_none());
        // A huge length.
        let mut v = word_u(32);
        v.extend(word_max());
        assert!(Args::new(&v).bytes(0).is_none());
    }

    #[test]
    fn bytes_array_roundtrip() {
        let items = vec![vec![1u8, 2, 3], vec![], vec![9u8; 40]];
        let mut data = word_u(32);
        data.extend(bytes_array_tail(&items));
        let got = Args::new(&data).bytes_array(0).unwrap();
        assert_eq!(got, items.iter().map(|v| v.as_slice()).collect::<Vec<_>>());
    }
}
