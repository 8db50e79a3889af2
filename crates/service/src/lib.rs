//! abbild-service
