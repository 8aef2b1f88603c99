// Wallet request checks for the background router (being written by the wallet-guard work).
export const handlers = {};
