// SPDX-License-Identifier: MIT OR Apache-2.0
pragma solidity 0.8.19;

interface ICounter {
    function increment() external returns (uint256);
    function count() external view returns (uint256);
}

interface IReverter {
    function fail(uint256 x) external returns (uint256);
}

/// Calls other contracts: test (3) of fvmi-fevm-tests.
contract Caller {
    event Called(address indexed target, uint256 result);

    /// Increments `counter` `times` times and returns what its `count()` reads afterwards.
    function incrementMany(address counter, uint256 times) external returns (uint256) {
        for (uint256 i = 0; i < times; i++) {
            ICounter(counter).increment();
        }
        uint256 result = ICounter(counter).count();
        emit Called(counter, result);
        return result;
    }

    /// Calls `reverter.fail(x)` and returns (false, reason) when it reverts, (true, "") otherwise.
    function tryFail(address reverter, uint256 x) external returns (bool ok, string memory reason) {
        try IReverter(reverter).fail(x) returns (uint256) {
            return (true, "");
        } catch Error(string memory why) {
            return (false, why);
        }
    }
}
