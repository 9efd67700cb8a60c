//! Random parameters: raw bytes, or random (well-formed) CBOR values of random shapes.

use fvmi_types::RawBytes;

use crate::rng::Rng;

/// Random parameters: empty, raw junk bytes, or a random CBOR value.
pub fn params(rng: &mut Rng) -> RawBytes {
    match rng.below(4) {
        0 => RawBytes::default(),
        1 => {
            let len = rng.below(48) as usize;
            RawBytes::new(rng.bytes(len))
        }
        _ => {
            let mut out = Vec::new();
            value(rng, 0, &mut out);
            RawBytes::new(out)
        }
    }
}

fn head(major: u8, n: u64, out: &mut Vec<u8>) {
    let major = major << 5;
    if n < 24 {
        out.push(major | n as u8);
    } else if n <= u64::from(u8::MAX) {
        out.extend_from_slice(&[major | 24, n as u8]);
    } else if n <= u64::from(u16::MAX) {
        out.push(major | 25);
        out.extend_from_slice(&(n as u16).to_be_bytes());
    } else if n <= u64::from(u32::MAX) {
        out.push(major | 26);
        out.extend_from_slice(&(n as u32).to_be_bytes());
    } else {
        out.push(major | 27);
        out.extend_from_slice(&n.to_be_bytes());
    }
}

/// Appends one random CBOR value (depth-limited) to `out`.
pub fn value(rng: &mut Rng, depth: u32, out: &mut Vec<u8>) {
    let leaf_only = depth >= 3;
    let choice = if leaf_only {
        rng.below(5)
    } else {
        rng.below(7)
    };
    match choice {
        0 => {
            let n = small_or_big(rng);
            head(0, n, out);
        }
        1 => {
            let n = small_or_big(rng);
            head(1, n, out);
        }
        2 => {
            let len = rng.below(70) as usize;
            head(2, len as u64, out);
            if rng.chance(30) && len > 0 {
                // An address-like byte string: ID protocol, small id.
                let mut bytes = vec![0u8, rng.below(110) as u8];
                bytes.truncate(len);
                out.extend_from_slice(&bytes);
                out.extend(std::iter::repeat_n(0, len - bytes.len()));
            } else {
                out.extend_from_slice(&rng.bytes(len));
            }
        }
        3 => {
            let len = rng.below(12) as usize;
            head(3, len as u64, out);
            out.extend((0..len).map(|_| b'a' + rng.below(26) as u8));
        }
        4 => out.push([0xf4, 0xf5, 0xf6][rng.index(3)]),
        _ => {
            let len = rng.below(6);
            head(4, len, out);
            for _ in 0..len {
                value(rng, depth + 1, out);
            }
        }
    }
}

fn small_or_big(rng: &mut Rng) -> u64 {
    match rng.below(4) {
        0 => rng.next_u64(),
        1 => rng.below(1 << 20),
        _ => rng.below(40),
    }
}
