//! One small seeded generator for the searches of the crate.

/// SplitMix64 (Steele, Lea & Flood 2014, "Fast splittable pseudorandom
/// number generators"): a 64-bit state stepped by a constant and mixed. Ours,
/// so a seed gives the same draws on every platform and with every version
/// of every dependency; small, fast and good enough to order nodes and draw
/// among candidates.
#[derive(Clone, Debug)]
pub(crate) struct SplitMix(u64);

impl SplitMix {
    /// The generator of a seed.
    pub(crate) fn new(seed: u64) -> SplitMix {
        SplitMix(seed)
    }

    /// Stream `stream` of seed `seed`: starts from a mix of both, so the
    /// streams of one seed (one per start of a search) differ.
    pub(crate) fn with_stream(seed: u64, stream: u64) -> SplitMix {
        let a = SplitMix(seed).next();
        let b = SplitMix(stream ^ 0x6a09_e667_f3bc_c909).next();
        SplitMix(a ^ b)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in 0..n for n ≥ 1, without bias (Lemire 2019).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        let n = n as u64;
        let floor = n.wrapping_neg() % n;
        loop {
            let m = u128::from(self.next()) * u128::from(n);
            if (m as u64) >= floor {
                return (m >> 64) as usize;
            }
        }
    }

    /// Uniform in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A fair coin.
    pub(crate) fn coin(&mut self) -> bool {
        self.next() >> 63 == 1
    }

    /// Fisher–Yates.
    pub(crate) fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}
