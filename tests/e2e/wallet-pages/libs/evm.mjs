// The EVM client libraries real dApps use, bundled by esbuild into /libs/evm.js for the test
// pages (tests/e2e/libraries.test.mjs): requests in those tests are built by these.
import { createWalletClient, custom, parseEther, parseUnits, erc20Abi, encodeFunctionData, UserRejectedRequestError } from 'viem';
import { mainnet } from 'viem/chains';
import { privateKeyToAccount } from 'viem/accounts';
import { BrowserProvider, Contract } from 'ethers';
import { createStore } from 'mipd';

window.__libs = { viem: { createWalletClient, custom, parseEther, parseUnits, erc20Abi, encodeFunctionData, mainnet, privateKeyToAccount, UserRejectedRequestError }, ethers: { BrowserProvider, Contract }, mipd: { createStore } };
