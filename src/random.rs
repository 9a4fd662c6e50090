//! Reproducible random numbers for synthetic networks, sampled pairs and the Monte Carlo
//! simulation of transit times: xoshiro256++ seeded through SplitMix64, and the few
//! distributions the project draws from (uniform, exponential, standard normal).
//!
//! A generator of our own, not a crate's, because outputs must stay byte-identical for a seed
//! across dependency updates (the same seed gives the same synthetic file and the same P90 next
//! year); xoshiro256++ is 20 lines, passes the usual statistical batteries and is far faster
//! than needed.

/// One step of SplitMix64: the next state and its output. Used to expand a seed.
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The xoshiro256++ generator (Blackman and Vigna, 2019).
#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// A generator for `seed`, its state expanded by SplitMix64 (never all zero).
    #[must_use]
    pub fn new(seed: u64) -> Rng {
        let mut state = seed;
        Rng {
            s: std::array::from_fn(|_| splitmix64(&mut state)),
        }
    }

    /// A generator for stream `stream` of `seed`: independent streams for, e.g., each sample
    /// of a simulation, so the result does not depend on which thread draws which sample.
    #[must_use]
    pub fn stream(seed: u64, stream: u64) -> Rng {
        let mut state = seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03);
        let mixed = splitmix64(&mut state);
        Rng::new(mixed ^ seed.rotate_left(17))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// A uniform number in [0, 1), from the top 53 bits.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform number in (0, 1]: safe to take the logarithm of.
    pub fn uniform_open(&mut self) -> f64 {
        1.0 - self.uniform()
    }

    /// A uniform integer in [0, n), `n > 0` (Lemire's multiply-shift; the bias is below 2^-64
    /// × n, far below anything this project measures).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// An exponential number with mean `mean`, by inversion.
    pub fn exponential(&mut self, mean: f64) -> f64 {
        -mean * self.uniform_open().ln()
    }

    /// A uniform number in (0, 1), the midpoint of one of 2^53 equal cells: never 0 or 1.
    pub fn uniform_inner(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
    }

    /// A standard normal number: the inverse of the normal distribution function at a
    /// uniform number ([`inverse_normal_cdf`]), one uniform a draw. In the central 95 % it
    /// costs a few multiplications; only the tails take a logarithm and a square root.
    pub fn normal(&mut self) -> f64 {
        inverse_normal_cdf(self.uniform_inner())
    }
}

/// The standard normal quantile at `p` in (0, 1), to a relative error below 1.2e-9:
/// P. J. Acklam's rational approximations (2003), a central one for 0.02425 ≤ p ≤ 0.97575
/// and one in `sqrt(-2 ln p)` for each tail. O(1).
///
/// ```
/// use corridor::random::inverse_normal_cdf;
/// assert!(inverse_normal_cdf(0.5).abs() < 1e-12);
/// assert!((inverse_normal_cdf(0.9) - 1.281_551_565_545).abs() < 1e-8);
/// ```
#[must_use]
pub fn inverse_normal_cdf(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const LOW: f64 = 0.024_25;
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < LOW {
        tail((-2.0 * p.ln()).sqrt())
    } else if p <= 1.0 - LOW {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_numbers_and_streams_differ() {
        let a: Vec<u64> = (0..4).map(|_| Rng::new(7).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        let mut one = Rng::stream(7, 1);
        let mut two = Rng::stream(7, 2);
        assert_ne!(one.next_u64(), two.next_u64());
    }

    #[test]
    fn the_normal_quantile_matches_known_values_in_the_centre_and_the_tails() {
        for (p, z) in [
            (0.5, 0.0),
            (0.9, 1.281_551_565_544_601),
            (0.975, 1.959_963_984_540_054),
            (0.01, -2.326_347_874_040_841),
            (0.024_25, -1.972_961_051_311_884),
            (1e-10, -6.361_340_902_404_056),
            (1.0 - 1e-10, 6.361_340_889_697_422),
        ] {
            let x = inverse_normal_cdf(p);
            assert!(
                (x - z).abs() <= 2e-9 * z.abs().max(1.0),
                "{p}: {x} against {z}"
            );
        }
        // The central and tail approximations meet within their error.
        for join in [0.024_25, 1.0 - 0.024_25] {
            let below = inverse_normal_cdf(join - 1e-13);
            let above = inverse_normal_cdf(join + 1e-13);
            assert!((above - below).abs() < 1e-8, "{join}: {below} {above}");
        }
    }

    #[test]
    fn distributions_have_their_moments() {
        let mut rng = Rng::new(1);
        let draws = 200_000;
        let (mut uniform, mut exponential, mut normal, mut square) = (0.0, 0.0, 0.0, 0.0);
        for _ in 0..draws {
            uniform += rng.uniform();
            exponential += rng.exponential(3.0);
            let z = rng.normal();
            normal += z;
            square += z * z;
        }
        let draws = f64::from(draws);
        assert!((uniform / draws - 0.5).abs() < 0.005);
        assert!((exponential / draws - 3.0).abs() < 0.03);
        assert!((normal / draws).abs() < 0.01);
        assert!((square / draws - 1.0).abs() < 0.01);
        assert!((0..1000).all(|_| rng.below(10) < 10));
    }
}
