// The signature-certification request, for a service without Foundation: the FormcSwift plugin
// generates `DeNghiChungThucChuKy` (types, validator, `intake`, `labels`) from specs/. SwiftPM builds a
// target only when it has a Swift file of its own; this is it, and it imports nothing.
