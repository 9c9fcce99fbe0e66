// Package tax computes value-added tax.
package tax

import "strings"

// Rate is the VAT rate by country.
var Rate = map[string]float64{
	"DE": 0.19, // Germany
	"FR": 0.20, /* France */
}

const doc = `raw string with // slashes and /* stars */`

/*
VAT applies to shipping too.
*/
func VAT(amount float64, country string) float64 {
	c := strings.ToUpper(country) // normalise
	return amount * Rate[c]
}

func Label(country string) string {
	return "VAT // " + country
}
