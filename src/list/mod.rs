//! The sanctions set (stub; being implemented).
