//! abbild-synth
