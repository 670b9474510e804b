use std::fmt;

use thiserror::Error;

/// An RFC 3339 date-time as the publisher wrote it. The publisher's UTC offset
/// is kept: a Shanghai article published at 19:41+08:00 reads "19:41"
/// wherever the reader is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timestamp {
    rfc3339: String,
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    offset_minutes: i16,
}

/// How long ago something happened, for times less than a day old.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ago {
    JustNow,
    Minutes(u32),
    Hours(u32),
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("`{0}` is not an RFC 3339 date-time")]
pub struct TimestampError(pub String);

impl Timestamp {
    pub fn parse(input: &str) -> Result<Self, TimestampError> {
        Self::parse_fields(input.trim()).ok_or_else(|| TimestampError(input.to_owned()))
    }

    fn parse_fields(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
            return None;
        }
        if !matches!(b[10], b'T' | b't' | b' ') {
            return None;
        }
        let year = digits(b, 0, 4)? as u16;
        let month = digits(b, 5, 2)? as u8;
        let day = digits(b, 8, 2)? as u8;
        let hour = digits(b, 11, 2)? as u8;
        let minute = digits(b, 14, 2)? as u8;
        let second = digits(b, 17, 2)? as u8;

        let mut rest = &b[19..];
        if let Some((b'.', fraction)) = rest.split_first() {
            let len = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
            if len == 0 {
                return None;
            }
            rest = &fraction[len..];
        }
        let offset_minutes = match rest {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
                let hours = digits(rest, 1, 2)? as i16;
                let minutes = digits(rest, 4, 2)? as i16;
                if hours > 23 || minutes > 59 {
                    return None;
                }
                let total = hours * 60 + minutes;
                if *sign == b'-' {
                    -total
                } else {
                    total
                }
            }
            _ => return None,
        };

        let valid = (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day)
            && hour < 24
            && minute < 60
            // 60 allows a leap second.
            && second <= 60;
        // HTML's `datetime` wants an upper-case `T` and `Z`; RFC 3339 allows
        // either case (and a space) for both.
        let mut rfc3339 = s.to_owned();
        rfc3339.replace_range(10..11, "T");
        if rfc3339.ends_with('z') {
            rfc3339.replace_range(rfc3339.len() - 1.., "Z");
        }
        valid.then_some(Timestamp { rfc3339, year, month, day, hour, minute, second, offset_minutes })
    }

    /// The value as the feed gave it (with `T` and `Z` in upper case), for
    /// `<time datetime>`.
    pub fn rfc3339(&self) -> &str {
        &self.rfc3339
    }

    /// Minutes east of UTC in which the publisher wrote the time.
    pub fn offset_minutes(&self) -> i16 {
        self.offset_minutes
    }

    /// Seconds since 1970-01-01T00:00:00Z (leap seconds folded into the next).
    pub fn unix_seconds(&self) -> i64 {
        let days = days_from_civil(i64::from(self.year), u32::from(self.month), u32::from(self.day));
        let local = days * 86_400 + i64::from(self.hour) * 3_600 + i64::from(self.minute) * 60 + i64::from(self.second);
        local - i64::from(self.offset_minutes) * 60
    }

    /// How long before `now` (Unix seconds) this was, if less than a day.
    /// A time up to a minute in the future (clock skew) is "just now"; further
    /// ahead, or a day or more ago, is `None`: show the date instead.
    pub fn ago(&self, now: i64) -> Option<Ago> {
        let seconds = now - self.unix_seconds();
        match seconds {
            -60..=59 => Some(Ago::JustNow),
            60..=3_599 => Some(Ago::Minutes((seconds / 60) as u32)),
            3_600..=86_399 => Some(Ago::Hours((seconds / 3_600) as u32)),
            _ => None,
        }
    }

    /// "2024-01-24 19:41": the wall-clock time at the publisher.
    pub fn publisher_local(&self) -> PublisherLocal<'_> {
        PublisherLocal(self)
    }
}

/// Displays a [`Timestamp`] as `YYYY-MM-DD HH:MM` in the publisher's offset.
pub struct PublisherLocal<'a>(&'a Timestamp);

impl fmt::Display for PublisherLocal<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = self.0;
        write!(f, "{:04}-{:02}-{:02} {:02}:{:02}", t.year, t.month, t.day, t.hour, t.minute)
    }
}

fn digits(bytes: &[u8], start: usize, len: usize) -> Option<u32> {
    bytes
        .get(start..start + len)?
        .iter()
        .try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar
/// (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}
