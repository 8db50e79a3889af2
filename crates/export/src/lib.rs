//! abbild-export
