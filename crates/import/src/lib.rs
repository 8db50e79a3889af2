//! abbild-import
