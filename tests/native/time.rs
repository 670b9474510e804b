use article_widget::model::Timestamp;

fn check(input: &str, local: &str, offset_minutes: i16) {
    let t = Timestamp::parse(input).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(t.publisher_local().to_string(), local, "for {input}");
    assert_eq!(t.offset_minutes(), offset_minutes, "for {input}");
    let normalised = input.trim().replacen(['t', ' '], "T", 1).replace('z', "Z");
    assert_eq!(t.rfc3339(), normalised);
}

#[test]
fn keeps_the_publishers_offset() {
    check("2024-01-24T19:41:00+08:00", "2024-01-24 19:41", 480);
    check("2024-01-24T11:41:00Z", "2024-01-24 11:41", 0);
    check("2024-01-24t06:41:00.123456-05:00", "2024-01-24 06:41", -300);
    check("2024-01-24 19:41:00+05:45", "2024-01-24 19:41", 345);
    check("2016-12-31T23:59:60Z", "2016-12-31 23:59", 0);
    check("2024-02-29T00:00:00+08:00", "2024-02-29 00:00", 480);
    check(" 2024-01-24T19:41:00+08:00 ", "2024-01-24 19:41", 480);
}

#[test]
fn rejects_what_is_not_rfc_3339() {
    for input in [
        "",
        "2024-01-24",
        "2024-01-24 19:41:00",
        "2024-01-24T19:41+08:00",
        "2024-01-24T19:41:00+0800",
        "2024-13-01T00:00:00Z",
        "2023-02-29T00:00:00Z",
        "2024-04-31T00:00:00Z",
        "2024-01-24T24:00:00Z",
        "2024-01-24T19:41:00.Z",
        "2024-01-24T19:41:00+24:00",
        "Wed, 24 Jan 2024 19:41:00 +0800",
        "２０２４-01-24T19:41:00Z",
    ] {
        assert!(Timestamp::parse(input).is_err(), "accepted {input:?}");
    }
}

#[test]
fn unix_seconds_count_from_the_epoch_in_utc() {
    let unix = |s: &str| Timestamp::parse(s).unwrap().unix_seconds();
    assert_eq!(unix("1970-01-01T00:00:00Z"), 0);
    // The seed: 19:41 in Shanghai is 11:41 UTC.
    assert_eq!(unix("2024-01-24T19:41:00+08:00"), 1_706_096_460);
    assert_eq!(unix("2024-01-24T19:41:00+08:00"), unix("2024-01-24T11:41:00Z"));
    assert_eq!(unix("2024-01-24T06:41:00-05:00"), unix("2024-01-24T11:41:00Z"));
    assert_eq!(unix("2000-02-29T12:00:00Z"), 951_825_600);
    assert_eq!(unix("1969-12-31T23:59:59Z"), -1);
}

#[test]
fn times_under_a_day_old_read_relatively() {
    use article_widget::model::Ago;
    let seed = Timestamp::parse("2024-01-24T19:41:00+08:00").unwrap();
    let at = |s: &str| Timestamp::parse(s).unwrap().unix_seconds();
    assert_eq!(seed.ago(at("2024-01-24T19:41:30+08:00")), Some(Ago::JustNow));
    assert_eq!(seed.ago(at("2024-01-24T19:40:30+08:00")), Some(Ago::JustNow), "a little clock skew");
    assert_eq!(seed.ago(at("2024-01-24T19:42:00+08:00")), Some(Ago::Minutes(1)));
    assert_eq!(seed.ago(at("2024-01-24T20:40:59+08:00")), Some(Ago::Minutes(59)));
    // The same moment seen from New York.
    assert_eq!(seed.ago(at("2024-01-24T09:41:00-05:00")), Some(Ago::Hours(3)));
    assert_eq!(seed.ago(at("2024-01-25T19:40:59+08:00")), Some(Ago::Hours(23)));
    assert_eq!(seed.ago(at("2024-01-25T19:41:00+08:00")), None, "a day old: show the date");
    assert_eq!(seed.ago(at("2024-01-24T19:30:00+08:00")), None, "in the future: show the date");
}
