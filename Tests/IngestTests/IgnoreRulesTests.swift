import Testing

@testable import Ingest

@Suite struct IgnoreRulesTests {
    let rules = IgnoreRules(
        """
        # comment
        drafts/
        *.tmp
        ~*
        exports/grades-*.csv
        docs/**/private.md
        !keep.tmp
        """)

    @Test func namesMatchAtAnyDepthAndFolderRulesOnlyFolders() {
        #expect(rules.excludes("drafts", isFolder: true) == true)
        #expect(rules.excludes("week1/drafts", isFolder: true) == true)
        #expect(rules.excludes("drafts", isFolder: false) == nil)
        #expect(rules.excludes("a/b/scratch.tmp", isFolder: false) == true)
        #expect(rules.excludes("~lock.md", isFolder: false) == true)
    }

    @Test func slashesAnchorAndStarsStayInAName() {
        #expect(rules.excludes("exports/grades-2024.csv", isFolder: false) == true)
        #expect(rules.excludes("old/exports/grades-2024.csv", isFolder: false) == nil)
        #expect(rules.excludes("exports/x/grades-2024.csv", isFolder: false) == nil)
        #expect(rules.excludes("docs/a/b/private.md", isFolder: false) == true)
        #expect(rules.excludes("docs/private.md", isFolder: false) == true)
    }

    @Test func negationReincludes() {
        #expect(rules.excludes("keep.tmp", isFolder: false) == false)
        #expect(rules.excludes("notes.md", isFolder: false) == nil)
    }

    @Test func characterClasses() {
        #expect(IgnoreRules.matches(Array("lab[0-9].md")[...], Array("lab3.md")[...]))
        #expect(!IgnoreRules.matches(Array("lab[!0-9].md")[...], Array("lab3.md")[...]))
    }
}
