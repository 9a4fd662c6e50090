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

    /// A standard normal number (Box–Muller, one of the pair).
    pub fn normal(&mut self) -> f64 {
        let r = (-2.0 * self.uniform_open().ln()).sqrt();
        r * (std::f64::consts::TAU * self.uniform()).cos()
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
