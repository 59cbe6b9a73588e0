/// What a GeoIP database says about one address. Every part is optional: a country
/// database has no AS data and an ASN database no country.
package struct GeoLocation: Sendable, Hashable {
    /// ISO 3166-1 alpha-2 country code (`source.geo.country_iso_code`).
    package var countryISOCode: String?
    /// English city name (`source.geo.city_name`).
    package var cityName: String?
    /// Autonomous system number (`source.as.number`).
    package var asNumber: UInt32?
    /// Autonomous system organisation (`source.as.organization.name`).
    package var asOrganization: String?

    /// Creates a location.
    package init(
        countryISOCode: String? = nil, cityName: String? = nil, asNumber: UInt32? = nil, asOrganization: String? = nil
    ) {
        self.countryISOCode = countryISOCode
        self.cityName = cityName
        self.asNumber = asNumber
        self.asOrganization = asOrganization
    }

    /// True when nothing is known.
    package var isEmpty: Bool { countryISOCode == nil && cityName == nil && asNumber == nil && asOrganization == nil }
}
