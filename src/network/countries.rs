//! Countries by ISO 3166-1 alpha-2 code and by name: the officially assigned codes with their
//! English short names and the other names people type (`Turkey` for Türkiye, `Russia`,
//! `Czech Republic`), so that a country is understood by code or name wherever one is asked for,
//! ignoring case and diacritics.

use super::places::fold_name;

/// Every officially assigned ISO 3166-1 alpha-2 code (249), with its English short name and
/// other common names, separated by `|`. Source: the ISO 3166 Maintenance Agency's list of
/// officially assigned codes; the other names are everyday and former English names and, for
/// the countries the bundled network crosses, their own names in Latin script.
const COUNTRIES: &[(&str, &str)] = &[
    ("AD", "Andorra"),
    ("AE", "United Arab Emirates|UAE|Emirates"),
    ("AF", "Afghanistan"),
    ("AG", "Antigua and Barbuda"),
    ("AI", "Anguilla"),
    ("AL", "Albania|Shqipëria"),
    ("AM", "Armenia|Hayastan"),
    ("AO", "Angola"),
    ("AQ", "Antarctica"),
    ("AR", "Argentina"),
    ("AS", "American Samoa"),
    ("AT", "Austria|Österreich"),
    ("AU", "Australia"),
    ("AW", "Aruba"),
    ("AX", "Åland Islands|Aland"),
    ("AZ", "Azerbaijan|Azərbaycan"),
    ("BA", "Bosnia and Herzegovina|Bosnia"),
    ("BB", "Barbados"),
    ("BD", "Bangladesh"),
    ("BE", "Belgium|België|Belgique"),
    ("BF", "Burkina Faso"),
    ("BG", "Bulgaria|България|Bulgariya"),
    ("BH", "Bahrain"),
    ("BI", "Burundi"),
    ("BJ", "Benin"),
    ("BL", "Saint Barthélemy"),
    ("BM", "Bermuda"),
    ("BN", "Brunei Darussalam|Brunei"),
    ("BO", "Bolivia"),
    (
        "BQ",
        "Bonaire, Sint Eustatius and Saba|Caribbean Netherlands",
    ),
    ("BR", "Brazil|Brasil"),
    ("BS", "Bahamas"),
    ("BT", "Bhutan"),
    ("BV", "Bouvet Island"),
    ("BW", "Botswana"),
    ("BY", "Belarus|Byelorussia"),
    ("BZ", "Belize"),
    ("CA", "Canada"),
    ("CC", "Cocos (Keeling) Islands|Cocos Islands"),
    (
        "CD",
        "Congo, Democratic Republic of the|DR Congo|Democratic Republic of the Congo|DRC",
    ),
    ("CF", "Central African Republic"),
    ("CG", "Congo|Republic of the Congo|Congo-Brazzaville"),
    ("CH", "Switzerland|Schweiz|Suisse|Svizzera"),
    ("CI", "Côte d'Ivoire|Ivory Coast"),
    ("CK", "Cook Islands"),
    ("CL", "Chile"),
    ("CM", "Cameroon"),
    ("CN", "China|People's Republic of China|PRC|Zhongguo"),
    ("CO", "Colombia"),
    ("CR", "Costa Rica"),
    ("CU", "Cuba"),
    ("CV", "Cabo Verde|Cape Verde"),
    ("CW", "Curaçao"),
    ("CX", "Christmas Island"),
    ("CY", "Cyprus"),
    ("CZ", "Czechia|Czech Republic|Česko"),
    ("DE", "Germany|Deutschland"),
    ("DJ", "Djibouti"),
    ("DK", "Denmark|Danmark"),
    ("DM", "Dominica"),
    ("DO", "Dominican Republic"),
    ("DZ", "Algeria"),
    ("EC", "Ecuador"),
    ("EE", "Estonia|Eesti"),
    ("EG", "Egypt"),
    ("EH", "Western Sahara"),
    ("ER", "Eritrea"),
    ("ES", "Spain|España"),
    ("ET", "Ethiopia"),
    ("FI", "Finland|Suomi"),
    ("FJ", "Fiji"),
    (
        "FK",
        "Falkland Islands (Malvinas)|Falkland Islands|Falklands",
    ),
    ("FM", "Micronesia, Federated States of|Micronesia"),
    ("FO", "Faroe Islands|Faroes"),
    ("FR", "France"),
    ("GA", "Gabon"),
    ("GB", "United Kingdom|UK|Great Britain|Britain"),
    ("GD", "Grenada"),
    ("GE", "Georgia|Sakartvelo"),
    ("GF", "French Guiana"),
    ("GG", "Guernsey"),
    ("GH", "Ghana"),
    ("GI", "Gibraltar"),
    ("GL", "Greenland"),
    ("GM", "Gambia"),
    ("GN", "Guinea"),
    ("GP", "Guadeloupe"),
    ("GQ", "Equatorial Guinea"),
    ("GR", "Greece|Hellas"),
    ("GS", "South Georgia and the South Sandwich Islands"),
    ("GT", "Guatemala"),
    ("GU", "Guam"),
    ("GW", "Guinea-Bissau"),
    ("GY", "Guyana"),
    ("HK", "Hong Kong"),
    ("HM", "Heard Island and McDonald Islands"),
    ("HN", "Honduras"),
    ("HR", "Croatia|Hrvatska"),
    ("HT", "Haiti"),
    ("HU", "Hungary|Magyarország"),
    ("ID", "Indonesia"),
    ("IE", "Ireland|Éire"),
    ("IL", "Israel"),
    ("IM", "Isle of Man"),
    ("IN", "India|Bharat"),
    ("IO", "British Indian Ocean Territory"),
    ("IQ", "Iraq"),
    ("IR", "Iran|Islamic Republic of Iran|Persia"),
    ("IS", "Iceland"),
    ("IT", "Italy|Italia"),
    ("JE", "Jersey"),
    ("JM", "Jamaica"),
    ("JO", "Jordan"),
    ("JP", "Japan"),
    ("KE", "Kenya"),
    ("KG", "Kyrgyzstan|Kyrgyz Republic|Kirghizia"),
    ("KH", "Cambodia"),
    ("KI", "Kiribati"),
    ("KM", "Comoros"),
    ("KN", "Saint Kitts and Nevis"),
    (
        "KP",
        "North Korea|Korea, Democratic People's Republic of|DPRK",
    ),
    ("KR", "South Korea|Korea, Republic of|Korea"),
    ("KW", "Kuwait"),
    ("KY", "Cayman Islands"),
    ("KZ", "Kazakhstan|Qazaqstan|Kazakstan"),
    ("LA", "Laos|Lao People's Democratic Republic"),
    ("LB", "Lebanon"),
    ("LC", "Saint Lucia"),
    ("LI", "Liechtenstein"),
    ("LK", "Sri Lanka"),
    ("LR", "Liberia"),
    ("LS", "Lesotho"),
    ("LT", "Lithuania|Lietuva"),
    ("LU", "Luxembourg"),
    ("LV", "Latvia|Latvija"),
    ("LY", "Libya"),
    ("MA", "Morocco"),
    ("MC", "Monaco"),
    ("MD", "Moldova|Republic of Moldova"),
    ("ME", "Montenegro|Crna Gora"),
    ("MF", "Saint Martin (French part)|Saint Martin"),
    ("MG", "Madagascar"),
    ("MH", "Marshall Islands"),
    ("MK", "North Macedonia|Macedonia"),
    ("ML", "Mali"),
    ("MM", "Myanmar|Burma"),
    ("MN", "Mongolia"),
    ("MO", "Macao|Macau"),
    ("MP", "Northern Mariana Islands"),
    ("MQ", "Martinique"),
    ("MR", "Mauritania"),
    ("MS", "Montserrat"),
    ("MT", "Malta"),
    ("MU", "Mauritius"),
    ("MV", "Maldives"),
    ("MW", "Malawi"),
    ("MX", "Mexico|México"),
    ("MY", "Malaysia"),
    ("MZ", "Mozambique"),
    ("NA", "Namibia"),
    ("NC", "New Caledonia"),
    ("NE", "Niger"),
    ("NF", "Norfolk Island"),
    ("NG", "Nigeria"),
    ("NI", "Nicaragua"),
    ("NL", "Netherlands|Holland|Nederland"),
    ("NO", "Norway|Norge"),
    ("NP", "Nepal"),
    ("NR", "Nauru"),
    ("NU", "Niue"),
    ("NZ", "New Zealand|Aotearoa"),
    ("OM", "Oman"),
    ("PA", "Panama"),
    ("PE", "Peru"),
    ("PF", "French Polynesia"),
    ("PG", "Papua New Guinea"),
    ("PH", "Philippines"),
    ("PK", "Pakistan"),
    ("PL", "Poland|Polska"),
    ("PM", "Saint Pierre and Miquelon"),
    ("PN", "Pitcairn|Pitcairn Islands"),
    ("PR", "Puerto Rico"),
    ("PS", "Palestine, State of|Palestine"),
    ("PT", "Portugal"),
    ("PW", "Palau"),
    ("PY", "Paraguay"),
    ("QA", "Qatar"),
    ("RE", "Réunion"),
    ("RO", "Romania|România"),
    ("RS", "Serbia|Srbija"),
    ("RU", "Russia|Russian Federation|Rossiya"),
    ("RW", "Rwanda"),
    ("SA", "Saudi Arabia"),
    ("SB", "Solomon Islands"),
    ("SC", "Seychelles"),
    ("SD", "Sudan"),
    ("SE", "Sweden|Sverige"),
    ("SG", "Singapore"),
    (
        "SH",
        "Saint Helena, Ascension and Tristan da Cunha|Saint Helena",
    ),
    ("SI", "Slovenia|Slovenija"),
    ("SJ", "Svalbard and Jan Mayen"),
    ("SK", "Slovakia|Slovensko|Slovak Republic"),
    ("SL", "Sierra Leone"),
    ("SM", "San Marino"),
    ("SN", "Senegal"),
    ("SO", "Somalia"),
    ("SR", "Suriname"),
    ("SS", "South Sudan"),
    ("ST", "Sao Tome and Principe|São Tomé and Príncipe"),
    ("SV", "El Salvador"),
    ("SX", "Sint Maarten (Dutch part)|Sint Maarten"),
    ("SY", "Syria|Syrian Arab Republic"),
    ("SZ", "Eswatini|Swaziland"),
    ("TC", "Turks and Caicos Islands"),
    ("TD", "Chad"),
    ("TF", "French Southern Territories"),
    ("TG", "Togo"),
    ("TH", "Thailand"),
    ("TJ", "Tajikistan|Tojikiston"),
    ("TK", "Tokelau"),
    ("TL", "Timor-Leste|East Timor"),
    ("TM", "Turkmenistan|Türkmenistan"),
    ("TN", "Tunisia"),
    ("TO", "Tonga"),
    ("TR", "Türkiye|Turkey|Turkiye"),
    ("TT", "Trinidad and Tobago"),
    ("TV", "Tuvalu"),
    ("TW", "Taiwan"),
    ("TZ", "Tanzania|United Republic of Tanzania"),
    ("UA", "Ukraine|Ukraina"),
    ("UG", "Uganda"),
    ("UM", "United States Minor Outlying Islands"),
    ("US", "United States|USA|United States of America|America"),
    ("UY", "Uruguay"),
    ("UZ", "Uzbekistan|Oʻzbekiston|Ozbekiston"),
    ("VA", "Holy See|Vatican|Vatican City"),
    ("VC", "Saint Vincent and the Grenadines"),
    ("VE", "Venezuela"),
    ("VG", "British Virgin Islands|Virgin Islands (British)"),
    ("VI", "United States Virgin Islands|Virgin Islands (U.S.)"),
    ("VN", "Viet Nam|Vietnam"),
    ("VU", "Vanuatu"),
    ("WF", "Wallis and Futuna"),
    ("WS", "Samoa"),
    ("YE", "Yemen"),
    ("YT", "Mayotte"),
    ("ZA", "South Africa"),
    ("ZM", "Zambia"),
    ("ZW", "Zimbabwe"),
];

/// A country of ISO 3166-1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    /// Alpha-2 code, upper case (`KZ`).
    pub code: &'static str,
    /// English short name (`Kazakhstan`).
    pub name: &'static str,
}

impl Country {
    fn from_entry(&(code, names): &(&'static str, &'static str)) -> Country {
        Country {
            code,
            name: names.split('|').next().unwrap_or(code),
        }
    }

    /// The country with this alpha-2 code, upper case exactly (as network files write it).
    #[must_use]
    pub fn by_code(code: &str) -> Option<Country> {
        COUNTRIES
            .iter()
            .find(|(c, _)| *c == code)
            .map(Country::from_entry)
    }

    /// The country a user means: an alpha-2 code in any case (`kz`), or a name or other name
    /// ignoring case, diacritics, spaces and punctuation (`kazakhstan`, `Turkey`, `türkiye`).
    #[must_use]
    pub fn find(query: &str) -> Option<Country> {
        let trimmed = query.trim();
        if trimmed.len() == 2
            && let Some(country) = Country::by_code(&trimmed.to_ascii_uppercase())
        {
            return Some(country);
        }
        let folded = fold_name(trimmed);
        if folded.is_empty() {
            return None;
        }
        COUNTRIES
            .iter()
            .find(|(_, names)| names.split('|').any(|n| fold_name(n) == folded))
            .map(Country::from_entry)
    }

    /// The names of the countries closest to `query` (typos), best first, at most `limit`.
    #[must_use]
    pub fn suggest(query: &str, limit: usize) -> Vec<Country> {
        let names = COUNTRIES.iter().flat_map(|(_, names)| names.split('|'));
        super::places::closest(query, names, limit)
            .into_iter()
            .filter_map(Country::find)
            .fold(Vec::new(), |mut out, c| {
                if !out.contains(&c) {
                    out.push(c);
                }
                out
            })
    }
}

impl std::fmt::Display for Country {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.name, self.code)
    }
}

/// Whether `code` is an officially assigned ISO 3166-1 alpha-2 code (upper case).
pub(crate) fn is_country_code(code: &str) -> bool {
    Country::by_code(code).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_assigned_code_once_in_order() {
        assert_eq!(COUNTRIES.len(), 249);
        assert!(COUNTRIES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(
            COUNTRIES
                .iter()
                .all(|(c, _)| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()))
        );
        assert!(is_country_code("KZ") && is_country_code("AZ") && is_country_code("GE"));
        assert!(!is_country_code("kz") && !is_country_code("XK") && !is_country_code("K"));
    }

    #[test]
    fn names_codes_and_other_names_find_the_country() {
        let code = |q: &str| Country::find(q).map(|c| c.code);
        assert_eq!(code("Kazakhstan"), Some("KZ"));
        assert_eq!(code("kz"), Some("KZ"));
        assert_eq!(code("RUSSIA"), Some("RU"));
        assert_eq!(code("Turkey"), Some("TR"));
        assert_eq!(code("turkiye"), Some("TR"));
        assert_eq!(code("Türkiye"), Some("TR"));
        assert_eq!(code("Czech Republic"), Some("CZ"));
        assert_eq!(code("czechia"), Some("CZ"));
        assert_eq!(code("România"), Some("RO"));
        assert_eq!(code("XX"), None);
        assert_eq!(code("uk"), Some("GB"));
        assert_eq!(code("Atlantis"), None);
        assert_eq!(Country::find("GE").map(|c| c.name), Some("Georgia"));
        let suggested: Vec<&str> = Country::suggest("Kazahstan", 3)
            .iter()
            .map(|c| c.code)
            .collect();
        assert_eq!(suggested, ["KZ"]);
    }
}
