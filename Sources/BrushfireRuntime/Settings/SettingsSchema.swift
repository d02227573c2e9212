/// The shape of a settings file: the keys of each section, so that a key nobody reads is an error at its line.
indirect enum SettingsSchema: Sendable {
    /// A value, or a list of values, read as whatever type the setting has.
    case value
    /// The same setting as another key (`alerts.topic` is `kafka.alerts_topic`); the later one in the file wins.
    case alias(SettingKey)
    /// Named settings; `required` must be present when the section is written out.
    case section([(name: String, schema: SettingsSchema)], required: [String] = [])
    /// Any names to single values (librdkafka properties).
    case map
    /// A list of elements keyed by their index, `what` naming them in errors (`endpoints`).
    case list(SettingsSchema, what: String)
    /// A single value stands for the section's key `name` (`state: /var/lib/brushfire` is `state.dir`).
    case valueOrSection(name: String, SettingsSchema)
}
