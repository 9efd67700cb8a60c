// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity 0.8.19;

import "./Counter.sol";

/// Creates contracts from a contract (CREATE through the EAM's `Create`): part of test (3) of
/// fvmi-fevm-tests.
contract Factory {
    event Made(address child);

    /// Deploys a Counter, increments it once and returns its address.
    function make() external returns (address) {
        Counter child = new Counter();
        child.increment();
        emit Made(address(child));
        return address(child);
    }
}
