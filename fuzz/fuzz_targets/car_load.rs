//! CAR v1 reading and bundle loading on arbitrary bytes: an error or the blocks, never a panic
//! or an allocation the input's size does not justify. A CAR that loads writes back to one that
//! loads to the same roots and blocks.
#![no_main]

use fvmi_ipld::{load_car, load_car_unverified, write_car, CarReader, MemoryBlockstore};
use fvmi_state::load_bundle;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Block by block, stopping at the first error.
    if let Ok(reader) = CarReader::new(data) {
        let _ = reader.header().roots.len();
        for block in reader {
            if block.is_err() {
                break;
            }
        }
    }

    let store = MemoryBlockstore::new();
    if let Ok(roots) = load_car(&store, data) {
        let mut written = Vec::new();
        write_car(&roots, store.blocks(), &mut written).expect("loaded blocks write back");
        let again = MemoryBlockstore::new();
        let roots_again = load_car(&again, &written[..]).expect("a written CAR loads");
        assert_eq!(roots, roots_again);
        assert_eq!(store.blocks(), again.blocks());
    }

    let _ = load_car_unverified(&MemoryBlockstore::new(), data);
    let _ = load_bundle(&MemoryBlockstore::new(), data);
});
