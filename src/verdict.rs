//! Address + sanctions set -> what the UI says and why (stub; being implemented).
