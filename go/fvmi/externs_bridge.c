// The C side of the Go externs: callbacks with the C ABI's signatures that turn the user data
// back into the cgo.Handle (a uintptr_t) and call the exported Go functions.

#include <stdint.h>
#include "fvmi.h"
#include "_cgo_export.h"

static int32_t chain_randomness(void *user_data, int64_t personalization, int64_t epoch,
                                const uint8_t *entropy, size_t entropy_len,
                                uint8_t *randomness_out) {
  return fvmiGoChainRandomness((uintptr_t)user_data, personalization, epoch,
                               (uint8_t *)entropy, entropy_len, randomness_out);
}

static int32_t beacon_randomness(void *user_data, int64_t personalization, int64_t epoch,
                                 const uint8_t *entropy, size_t entropy_len,
                                 uint8_t *randomness_out) {
  return fvmiGoBeaconRandomness((uintptr_t)user_data, personalization, epoch,
                                (uint8_t *)entropy, entropy_len, randomness_out);
}

static int32_t verify_consensus_fault(void *user_data, const uint8_t *header1,
                                      size_t header1_len, const uint8_t *header2,
                                      size_t header2_len, const uint8_t *extra,
                                      size_t extra_len, FvmiConsensusFault *fault_out) {
  return fvmiGoVerifyConsensusFault((uintptr_t)user_data, (uint8_t *)header1, header1_len,
                                    (uint8_t *)header2, header2_len, (uint8_t *)extra,
                                    extra_len, fault_out);
}

static int32_t tipset_cid(void *user_data, int64_t epoch, uint8_t *cid_out,
                          size_t cid_capacity, size_t *cid_len_out) {
  return fvmiGoTipsetCID((uintptr_t)user_data, epoch, cid_out, cid_capacity, cid_len_out);
}

static void release(void *user_data) { fvmiGoRelease((uintptr_t)user_data); }

FvmiExterns fvmi_go_externs(uintptr_t handle) {
  FvmiExterns externs;
  externs.user_data = (void *)handle;
  externs.chain_randomness = chain_randomness;
  externs.beacon_randomness = beacon_randomness;
  externs.verify_consensus_fault = verify_consensus_fault;
  externs.tipset_cid = tipset_cid;
  externs.release = release;
  return externs;
}
