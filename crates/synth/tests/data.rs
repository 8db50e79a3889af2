//! The embedded reference data are byte-identical copies of the shared originals.

#[test]
fn embedded_copies_equal_the_shared_originals() {
    let shared =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/zensus2022");
    if !shared.is_dir() {
        // Outside the project checkout layout there is nothing to compare with.
        return;
    }
    for name in [
        "ruhr_cities_zensus2022.csv",
        "de_nrw_age_einwanderungsgeschichte_zensus2022.csv",
    ] {
        let original = std::fs::read(shared.join(name)).expect("shared file");
        let copy = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("data")
                .join(name),
        )
        .expect("embedded copy");
        assert_eq!(original, copy, "{name} differs from the shared original");
    }
}

#[test]
fn ten_member_cities_and_both_age_profiles() {
    let cities = abbild_synth::ruhr_cities().expect("cities");
    assert_eq!(cities.len(), 11);
    assert_eq!(cities.iter().filter(|c| c.member).count(), 10);
    let herne = cities
        .iter()
        .find(|c| c.ags.to_string() == "05916000")
        .expect("Herne");
    assert!((herne.share_eg - 0.278).abs() < 1e-9);
    for region in ["Deutschland", "Nordrhein-Westfalen"] {
        let p = abbild_synth::age_profile(region).expect("profile");
        assert!(p
            .persons
            .iter()
            .zip(&p.with)
            .all(|(a, b)| a > b && *b > 0.0));
    }
    assert!(abbild_synth::age_profile("Bayern").is_err());
}
