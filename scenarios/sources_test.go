package scenarios

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The sources every doc, scenario and comment cites are entries of
// docs/sources.md: the repository holds no other copy of the articles and
// studies, so a citation must name one of its entries (an id in brackets)
// and never a file outside the repository or the articles' file numbers.

const (
	sourcesPath = "../docs/sources.md"
	repoRoot    = ".."
)

var (
	// sourceAnchor is an entry's stable id in docs/sources.md.
	sourceAnchor = regexp.MustCompile(`<a id="([a-z0-9-]+)"></a>`)
	// citation is an id in brackets as the repository cites entries: a
	// hyphenated name of words of two or more characters (not an index
	// such as [i-1]), or one of the one-word entries.
	citation = regexp.MustCompile(`\[([a-z]{2,}(?:-[a-z0-9]{2,})+|velocify|siriusdecisions|annuitas|forrester|gartner|olist)\]`)
	// outside are citations of material the repository does not hold:
	// the articles by their file number, the shared folder outside the
	// repository and the domain summary kept there.
	outside = []*regexp.Regexp{
		regexp.MustCompile(`(?i)\bseeds?(?:[\s#/]|\*\*)+00[0-4]`),
		regexp.MustCompile(`(?i)\bseed-00[0-4]`),
		regexp.MustCompile(`\.\./shared\b`),
		regexp.MustCompile(`\bshared/(?:data|seeds)\b`),
		regexp.MustCompile(`DOMAIN\.md`),
	}
	// articlesWord is how prose refers to the source articles as a whole.
	articlesWord = regexp.MustCompile(`\bthe (?:source )?articles\b`)
	// findingSource is a finding's source: field in a scenario file.
	findingSource = regexp.MustCompile(`^\s*(?:- )?source:\s*(.*)$`)
)

// sourceIDs returns the ids of docs/sources.md's entries.
func sourceIDs(t *testing.T) map[string]bool {
	t.Helper()
	data, err := os.ReadFile(sourcesPath)
	require.NoError(t, err)
	ids := map[string]bool{}
	for _, m := range sourceAnchor.FindAllStringSubmatch(string(data), -1) {
		require.False(t, ids[m[1]], "%s: anchor %q appears twice; expected one entry per id", sourcesPath, m[1])
		ids[m[1]] = true
	}
	require.NotEmpty(t, ids, "%s: expected entries with <a id=\"...\"></a> anchors", sourcesPath)
	return ids
}

// citingFiles returns the repository's docs, scenario files and Go files
// (test data and VCS metadata left out), as paths relative to the root.
func citingFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(repoRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "testdata", "out":
				return filepath.SkipDir
			}
			return nil
		}
		switch filepath.Ext(path) {
		case ".md", ".yaml", ".go":
			files = append(files, path)
		}
		return nil
	})
	require.NoError(t, err)
	require.NotEmpty(t, files)
	return files
}

// TestSourcesCitedInRepository checks that no file cites the articles by
// file number or material outside the repository, that every bracketed
// citation names an entry of docs/sources.md (and, in Markdown, has a link
// definition so that it renders as a link), that every finding's source
// cites an entry, and that prose speaking of the articles points to
// docs/sources.md.
func TestSourcesCitedInRepository(t *testing.T) {
	ids := sourceIDs(t)
	var problems []string
	for _, path := range citingFiles(t) {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		text := string(data)
		rel, _ := filepath.Rel(repoRoot, path)
		// docs/sources.md shows each id as its entry's heading label.
		md := filepath.Ext(path) == ".md" && rel != filepath.Join("docs", "sources.md")
		// Over the whole text: a citation may be broken across lines.
		for _, re := range outside {
			for _, loc := range re.FindAllStringIndex(text, -1) {
				at := fmt.Sprintf("%s:%d", rel, strings.Count(text[:loc[0]], "\n")+1)
				problems = append(problems, fmt.Sprintf("%s: cites %q, which the repository does not hold; expected an entry of docs/sources.md, e.g. [bant-nurture]", at, text[loc[0]:loc[1]]))
			}
		}
		for i, line := range strings.Split(text, "\n") {
			at := fmt.Sprintf("%s:%d", rel, i+1)
			for _, m := range citation.FindAllStringSubmatchIndex(line, -1) {
				id := line[m[2]:m[3]]
				if !ids[id] {
					problems = append(problems, fmt.Sprintf("%s: cites [%s]; expected the id of an entry of docs/sources.md", at, id))
					continue
				}
				rest := line[m[1]:]
				inCode := m[0] > 0 && line[m[0]-1] == '`'
				if md && !inCode && !strings.HasPrefix(rest, "(") && !strings.HasPrefix(rest, ":") &&
					!regexp.MustCompile(`(?m)^\[`+regexp.QuoteMeta(id)+`\]: \S*sources\.md#`+regexp.QuoteMeta(id)+`$`).MatchString(text) {
					problems = append(problems, fmt.Sprintf("%s: cites [%s] with no link definition; expected a line \"[%s]: <path to docs/sources.md>#%s\" in the file", at, id, id, id))
				}
			}
			if filepath.Ext(path) == ".yaml" {
				if m := findingSource.FindStringSubmatch(line); m != nil && !citation.MatchString(m[1]) {
					problems = append(problems, fmt.Sprintf("%s: key source: %q cites no entry; expected an id of docs/sources.md in brackets", at, m[1]))
				}
			}
		}
		if rel != filepath.Join("docs", "sources.md") && articlesWord.MatchString(text) && !strings.Contains(text, "sources.md") {
			problems = append(problems, fmt.Sprintf("%s: speaks of %q but never points to docs/sources.md; expected a reference to it", rel, articlesWord.FindString(text)))
		}
	}
	require.Empty(t, problems, "citations of sources:\n%s", strings.Join(problems, "\n"))
}

// TestSourcesEntriesComplete checks that each entry of docs/sources.md
// has a heading naming its id, and each article entry says what rests on
// it and each study entry which scenario uses it.
func TestSourcesEntriesComplete(t *testing.T) {
	data, err := os.ReadFile(sourcesPath)
	require.NoError(t, err)
	doc := string(data)
	locs := sourceAnchor.FindAllStringSubmatchIndex(doc, -1)
	studies := strings.Index(doc, "## Published studies and data")
	require.Positive(t, studies, "%s: expected a section \"## Published studies and data\"", sourcesPath)
	for k, loc := range locs {
		id := doc[loc[2]:loc[3]]
		end := len(doc)
		if k+1 < len(locs) {
			end = locs[k+1][0]
		}
		entry := doc[loc[1]:end]
		line := strings.Count(doc[:loc[0]], "\n") + 1
		require.True(t, strings.HasPrefix(entry, "\n### ["+id+"] "),
			"%s:%d: entry %q: expected its anchor followed by a heading \"### [%s] <title>\"", sourcesPath, line, id, id)
		want := "**What rests on it**"
		if loc[0] > studies {
			want = "Used by"
		}
		if id == "olist" {
			want = "used by"
		}
		require.Contains(t, entry, want, "%s:%d: entry %q: expected a %q part", sourcesPath, line, id, want)
	}
}
