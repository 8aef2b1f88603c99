//! Wallet requests -> the addresses they send value to or grant power to (stub).
