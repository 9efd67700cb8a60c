// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity 0.8.19;

/// Reverts with a reason string: test (4) of fvmi-fevm-tests.
contract Reverter {
    uint256 public calls;

    event Attempt(uint256 x);

    /// Returns `x * 2` when `x < 10`; otherwise emits an event, writes storage, then reverts with
    /// "x too large" (the event and the write are rolled back).
    function fail(uint256 x) external returns (uint256) {
        emit Attempt(x);
        calls += 1;
        require(x < 10, "x too large");
        return x * 2;
    }
}
