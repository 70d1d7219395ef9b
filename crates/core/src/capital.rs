//! The capital cities of the states with ISO 3166-1 alpha-3 codes, used to
//! notice a capital used as the name of another actor ("Moscow" for Russia,
//! "Kyiv" for Ukraine), as news reports do (metonymy).
//!
//! The table covers the 193 member states of the United Nations, its two
//! observer states (the Holy See, `VAT`, and Palestine, `PSE`) and Taiwan
//! (`TWN`). Kosovo has no ISO 3166-1 code and is left out, as are dependent
//! territories. A state with more than one capital (seats of government,
//! legislative or judicial capitals, a recently moved capital) lists all of
//! them, and each city is listed under the English names news reports use,
//! with and without diacritics ("Bogotá", "Bogota") and in older spellings
//! still met in print ("Kiev", "Peking").

/// Capitals by ISO 3166-1 alpha-3 code, sorted by code for binary search.
///
/// No name appears under two codes, so a name gives one country.
const CAPITALS: &[(&str, &[&str])] = &[
    ("AFG", &["Kabul"]),
    ("AGO", &["Luanda"]),
    ("ALB", &["Tirana"]),
    ("AND", &["Andorra la Vella"]),
    ("ARE", &["Abu Dhabi"]),
    ("ARG", &["Buenos Aires"]),
    ("ARM", &["Yerevan"]),
    ("ATG", &["St. John's", "Saint John's"]),
    ("AUS", &["Canberra"]),
    ("AUT", &["Vienna"]),
    ("AZE", &["Baku"]),
    ("BDI", &["Gitega", "Bujumbura"]),
    ("BEL", &["Brussels"]),
    ("BEN", &["Porto-Novo", "Porto Novo", "Cotonou"]),
    ("BFA", &["Ouagadougou"]),
    ("BGD", &["Dhaka", "Dacca"]),
    ("BGR", &["Sofia"]),
    ("BHR", &["Manama"]),
    ("BHS", &["Nassau"]),
    ("BIH", &["Sarajevo"]),
    ("BLR", &["Minsk"]),
    ("BLZ", &["Belmopan"]),
    ("BOL", &["Sucre", "La Paz"]),
    ("BRA", &["Brasília", "Brasilia"]),
    ("BRB", &["Bridgetown"]),
    ("BRN", &["Bandar Seri Begawan"]),
    ("BTN", &["Thimphu"]),
    ("BWA", &["Gaborone"]),
    ("CAF", &["Bangui"]),
    ("CAN", &["Ottawa"]),
    ("CHE", &["Bern", "Berne"]),
    ("CHL", &["Santiago", "Santiago de Chile"]),
    ("CHN", &["Beijing", "Peking"]),
    ("CIV", &["Yamoussoukro", "Abidjan"]),
    ("CMR", &["Yaoundé", "Yaounde"]),
    ("COD", &["Kinshasa"]),
    ("COG", &["Brazzaville"]),
    ("COL", &["Bogotá", "Bogota"]),
    ("COM", &["Moroni"]),
    ("CPV", &["Praia"]),
    ("CRI", &["San José", "San Jose"]),
    ("CUB", &["Havana"]),
    ("CYP", &["Nicosia"]),
    ("CZE", &["Prague"]),
    ("DEU", &["Berlin"]),
    ("DJI", &["Djibouti", "Djibouti City"]),
    ("DMA", &["Roseau"]),
    ("DNK", &["Copenhagen"]),
    ("DOM", &["Santo Domingo"]),
    ("DZA", &["Algiers"]),
    ("ECU", &["Quito"]),
    ("EGY", &["Cairo"]),
    ("ERI", &["Asmara"]),
    ("ESP", &["Madrid"]),
    ("EST", &["Tallinn"]),
    ("ETH", &["Addis Ababa"]),
    ("FIN", &["Helsinki"]),
    ("FJI", &["Suva"]),
    ("FRA", &["Paris"]),
    ("FSM", &["Palikir"]),
    ("GAB", &["Libreville"]),
    ("GBR", &["London"]),
    ("GEO", &["Tbilisi"]),
    ("GHA", &["Accra"]),
    ("GIN", &["Conakry"]),
    ("GMB", &["Banjul"]),
    ("GNB", &["Bissau"]),
    ("GNQ", &["Malabo"]),
    ("GRC", &["Athens"]),
    ("GRD", &["St. George's", "Saint George's"]),
    ("GTM", &["Guatemala City"]),
    ("GUY", &["Georgetown"]),
    ("HND", &["Tegucigalpa"]),
    ("HRV", &["Zagreb"]),
    ("HTI", &["Port-au-Prince"]),
    ("HUN", &["Budapest"]),
    ("IDN", &["Jakarta"]),
    ("IND", &["New Delhi"]),
    ("IRL", &["Dublin"]),
    ("IRN", &["Tehran", "Teheran"]),
    ("IRQ", &["Baghdad"]),
    ("ISL", &["Reykjavík", "Reykjavik"]),
    ("ISR", &["Jerusalem"]),
    ("ITA", &["Rome"]),
    ("JAM", &["Kingston"]),
    ("JOR", &["Amman"]),
    ("JPN", &["Tokyo"]),
    ("KAZ", &["Astana", "Nur-Sultan"]),
    ("KEN", &["Nairobi"]),
    ("KGZ", &["Bishkek"]),
    ("KHM", &["Phnom Penh"]),
    ("KIR", &["South Tarawa", "Tarawa"]),
    ("KNA", &["Basseterre"]),
    ("KOR", &["Seoul"]),
    ("KWT", &["Kuwait City"]),
    ("LAO", &["Vientiane"]),
    ("LBN", &["Beirut"]),
    ("LBR", &["Monrovia"]),
    ("LBY", &["Tripoli"]),
    ("LCA", &["Castries"]),
    ("LIE", &["Vaduz"]),
    ("LKA", &["Sri Jayawardenepura Kotte", "Kotte", "Colombo"]),
    ("LSO", &["Maseru"]),
    ("LTU", &["Vilnius"]),
    ("LUX", &["Luxembourg", "Luxembourg City"]),
    ("LVA", &["Riga"]),
    ("MAR", &["Rabat"]),
    ("MCO", &["Monaco"]),
    ("MDA", &["Chișinău", "Chisinau", "Kishinev"]),
    ("MDG", &["Antananarivo"]),
    ("MDV", &["Malé", "Male"]),
    ("MEX", &["Mexico City"]),
    ("MHL", &["Majuro"]),
    ("MKD", &["Skopje"]),
    ("MLI", &["Bamako"]),
    ("MLT", &["Valletta"]),
    ("MMR", &["Naypyidaw", "Nay Pyi Taw", "Naypyitaw"]),
    ("MNE", &["Podgorica"]),
    ("MNG", &["Ulaanbaatar", "Ulan Bator"]),
    ("MOZ", &["Maputo"]),
    ("MRT", &["Nouakchott"]),
    ("MUS", &["Port Louis"]),
    ("MWI", &["Lilongwe"]),
    ("MYS", &["Kuala Lumpur", "Putrajaya"]),
    ("NAM", &["Windhoek"]),
    ("NER", &["Niamey"]),
    ("NGA", &["Abuja"]),
    ("NIC", &["Managua"]),
    ("NLD", &["Amsterdam", "The Hague"]),
    ("NOR", &["Oslo"]),
    ("NPL", &["Kathmandu", "Katmandu"]),
    ("NRU", &["Yaren"]),
    ("NZL", &["Wellington"]),
    ("OMN", &["Muscat"]),
    ("PAK", &["Islamabad"]),
    ("PAN", &["Panama City"]),
    ("PER", &["Lima"]),
    ("PHL", &["Manila"]),
    ("PLW", &["Ngerulmud"]),
    ("PNG", &["Port Moresby"]),
    ("POL", &["Warsaw"]),
    ("PRK", &["Pyongyang"]),
    ("PRT", &["Lisbon"]),
    ("PRY", &["Asunción", "Asuncion"]),
    ("PSE", &["Ramallah", "East Jerusalem"]),
    ("QAT", &["Doha"]),
    ("ROU", &["Bucharest"]),
    ("RUS", &["Moscow"]),
    ("RWA", &["Kigali"]),
    ("SAU", &["Riyadh"]),
    ("SDN", &["Khartoum"]),
    ("SEN", &["Dakar"]),
    ("SGP", &["Singapore"]),
    ("SLB", &["Honiara"]),
    ("SLE", &["Freetown"]),
    ("SLV", &["San Salvador"]),
    ("SMR", &["San Marino", "City of San Marino"]),
    ("SOM", &["Mogadishu"]),
    ("SRB", &["Belgrade"]),
    ("SSD", &["Juba"]),
    ("STP", &["São Tomé", "Sao Tome"]),
    ("SUR", &["Paramaribo"]),
    ("SVK", &["Bratislava"]),
    ("SVN", &["Ljubljana"]),
    ("SWE", &["Stockholm"]),
    ("SWZ", &["Mbabane", "Lobamba"]),
    ("SYC", &["Victoria"]),
    ("SYR", &["Damascus"]),
    ("TCD", &["N'Djamena", "Ndjamena"]),
    ("TGO", &["Lomé", "Lome"]),
    ("THA", &["Bangkok"]),
    ("TJK", &["Dushanbe"]),
    ("TKM", &["Ashgabat", "Ashkhabad"]),
    ("TLS", &["Dili"]),
    ("TON", &["Nuku'alofa", "Nukualofa"]),
    ("TTO", &["Port of Spain", "Port-of-Spain"]),
    ("TUN", &["Tunis"]),
    ("TUR", &["Ankara"]),
    ("TUV", &["Funafuti"]),
    ("TWN", &["Taipei"]),
    ("TZA", &["Dodoma", "Dar es Salaam"]),
    ("UGA", &["Kampala"]),
    ("UKR", &["Kyiv", "Kiev"]),
    ("URY", &["Montevideo"]),
    (
        "USA",
        &[
            "Washington",
            "Washington, D.C.",
            "Washington D.C.",
            "Washington DC",
        ],
    ),
    ("UZB", &["Tashkent"]),
    ("VAT", &["Vatican City"]),
    ("VCT", &["Kingstown"]),
    ("VEN", &["Caracas"]),
    ("VNM", &["Hanoi", "Ha Noi"]),
    ("VUT", &["Port Vila", "Port-Vila"]),
    ("WSM", &["Apia"]),
    ("YEM", &["Sanaa", "Sana'a", "Aden"]),
    ("ZAF", &["Pretoria", "Cape Town", "Bloemfontein"]),
    ("ZMB", &["Lusaka"]),
    ("ZWE", &["Harare"]),
];

/// The English names of the capital (or capitals) of the state with ISO
/// 3166-1 alpha-3 code `alpha3` (upper case), preferred name first; empty for
/// a code not in the table.
///
/// A binary search: O(log n) in the number of states.
pub(crate) fn capitals(alpha3: &str) -> &'static [&'static str] {
    CAPITALS
        .binary_search_by(|(code, _)| (*code).cmp(alpha3))
        .ok()
        .and_then(|i| CAPITALS.get(i))
        .map_or(&[], |(_, names)| *names)
}

/// The ISO 3166-1 alpha-3 code of the state whose capital is called `name`,
/// ignoring case and surrounding whitespace ("moscow", " Kyiv " and "Kiev"
/// all give a code); `None` when no capital has that name.
///
/// Names are unique in the table; were one listed under two codes, the first
/// code would win. A linear scan, O(number of capital names) (a few hundred
/// short comparisons, no allocation): it is meant to be called once per actor
/// name or alias, not in an inner loop.
#[cfg(test)]
pub(crate) fn capital_of(name: &str) -> Option<&'static str> {
    let name = name.trim();
    CAPITALS
        .iter()
        .find(|(_, names)| names.iter().any(|n| same_name(n, name)))
        .map(|(code, _)| *code)
}

/// Whether `a` and `b` are equal ignoring case (Unicode lower-casing, so
/// "BRASÍLIA" matches "Brasília").
#[cfg(test)]
fn same_name(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_by_code_without_duplicates() {
        assert!(CAPITALS.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn every_code_is_iso3166_alpha3() {
        for (code, _) in CAPITALS {
            assert!(crate::is_iso3166_alpha3(code), "{code}");
        }
    }

    #[test]
    fn covers_un_members_observers_and_taiwan() {
        // 193 UN member states, the Holy See, Palestine and Taiwan.
        assert_eq!(CAPITALS.len(), 196);
        for code in ["VAT", "PSE", "TWN", "SSD", "KIR"] {
            assert!(!capitals(code).is_empty(), "{code}");
        }
    }

    #[test]
    fn every_state_has_trimmed_unique_names() {
        for (code, names) in CAPITALS {
            assert!(!names.is_empty(), "{code}");
            for name in *names {
                assert_eq!(name.trim(), *name, "{code}");
                assert!(!name.is_empty(), "{code}");
                assert_eq!(capital_of(name), Some(*code), "{name}");
            }
        }
    }

    #[test]
    fn finds_a_state_by_its_capital() {
        assert_eq!(capital_of("moscow"), Some("RUS"));
        assert_eq!(capital_of(" Kyiv "), Some("UKR"));
        assert_eq!(capital_of("Kiev"), Some("UKR"));
        assert_eq!(capital_of("BRASÍLIA"), Some("BRA"));
        assert_eq!(capital_of("the hague"), Some("NLD"));
        assert_eq!(capital_of("Washington, D.C."), Some("USA"));
        assert_eq!(capital_of("Atlantis"), None);
        assert_eq!(capital_of(""), None);
        assert_eq!(capital_of("   "), None);
    }

    #[test]
    fn finds_the_capitals_of_a_state() {
        assert_eq!(capitals("FRA"), ["Paris"]);
        assert_eq!(capitals("UKR"), ["Kyiv", "Kiev"]);
        assert_eq!(capitals("ZAF"), ["Pretoria", "Cape Town", "Bloemfontein"]);
        assert!(capitals("fra").is_empty());
        assert!(capitals("XKX").is_empty());
        assert!(capitals("").is_empty());
    }
}
