// Package crm reads CRM exports: a mapping file names the export's files,
// their columns and the values that mean won, lost, no decision and open,
// and Load turns the files into a Dataset of leads and opportunities,
// every rejected row counted by reason. Presets give the mappings of the
// exports people have (Olist's marketing funnel, Salesforce and HubSpot
// reports); Write does the other direction, writing simulated records as
// an export with the mapping that reads them back.
//
// Dates are read in ISO 8601 and the common spreadsheet forms, with or
// without a time of day (see ParseDate); a column of slashed dates is read
// day first when one of its values can only be read so. Files may have
// CRLF line endings and a UTF-8 byte-order mark.
//
// Errors name the file, its line and the key or column at fault; a
// *Error carries them for callers that turn bad input into a usage exit.
package crm
