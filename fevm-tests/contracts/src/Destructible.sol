// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity 0.8.19;

/// Holds FIL and self-destructs: test (5) of fvmi-fevm-tests.
contract Destructible {
    constructor() payable {}

    function ping() external pure returns (uint256) {
        return 42;
    }

    /// Sends the whole balance to `beneficiary` and marks the contract deleted.
    function destroy(address payable beneficiary) external {
        selfdestruct(beneficiary);
    }
}
