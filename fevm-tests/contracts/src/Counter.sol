// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity 0.8.19;

/// A counter: test (1) of fvmi-fevm-tests, and the callee of test (3).
contract Counter {
    uint256 public count;

    event Incremented(address indexed by, uint256 count);

    /// Adds one and returns the new count.
    function increment() external returns (uint256) {
        count += 1;
        emit Incremented(msg.sender, count);
        return count;
    }

    /// Adds `n` and returns the new count (reverts with a panic on overflow).
    function add(uint256 n) external returns (uint256) {
        count += n;
        return count;
    }
}
