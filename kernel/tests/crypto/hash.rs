//! Known answers of every supported hash (digests of "abc" and "").

use fvmi_kernel::crypto::{hash, UnsupportedHashCode};

use super::unhex;

#[test]
fn known_digests() {
    let cases: &[(u64, &[u8], &str)] = &[
        (
            0x12,
            b"abc",
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        ),
        (
            0xb220,
            b"abc",
            "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319",
        ),
        (
            0xb240,
            b"abc",
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1\
             7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923",
        ),
        (
            0x1b,
            b"",
            "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
        ),
        (0x1053, b"abc", "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc"),
    ];
    for (code, data, expected) in cases {
        let multihash = hash(*code, data).expect("supported");
        assert_eq!(multihash.code(), *code);
        assert_eq!(
            multihash.digest(),
            unhex(expected).as_slice(),
            "code {code:#x}"
        );
    }
}

#[test]
fn unsupported_codes_are_refused() {
    // sha2-512, identity and blake2b-160 are not offered by the syscall.
    for code in [0x13, 0x00, 0xb214] {
        assert_eq!(hash(code, b"abc"), Err(UnsupportedHashCode(code)));
    }
}
