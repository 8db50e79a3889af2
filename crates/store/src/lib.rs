//! abbild-store
