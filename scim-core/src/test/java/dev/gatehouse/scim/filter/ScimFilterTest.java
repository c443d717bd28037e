package dev.gatehouse.scim.filter;

import static dev.gatehouse.scim.testing.Json.assertScimError;
import static dev.gatehouse.scim.testing.Json.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScimFilterTest {
    private static final ObjectNode ALICE = obj("""
            {'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'id':'u-1','externalId':'Ext-7',
             'userName':'Alice@Contoso.com','displayName':'Alice Smith','active':true,'title':'Engineer',
             'name':{'givenName':'Alice','familyName':'Smith'},
             'emails':[{'type':'work','value':'alice@contoso.com','primary':true},{'type':'home','value':'a@home.net'}],
             'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'employeeNumber':'701984','manager':{'value':'m-1'}},
             'metadata':{'city':'Berlin','floor':3},
             'meta':{'resourceType':'User','created':'2020-01-01T10:00:00Z','lastModified':'2021-06-01T10:00:00Z'}}""");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # each operator
            userName eq "alice@contoso.com"                   | true
            userName eq "bob@contoso.com"                     | false
            userName ne "bob@contoso.com"                     | true
            userName co "CONTOSO"                             | true
            userName sw "alice"                               | true
            userName ew ".com"                                | true
            userName ew ".org"                                | false
            title pr                                          | true
            nickName pr                                       | false
            meta.created gt "2019-01-01T00:00:00Z"            | true
            meta.created ge "2020-01-01T10:00:00Z"            | true
            meta.created lt "2020-01-01T10:00:00Z"            | false
            meta.lastModified le "2021-06-01T10:00:00Z"       | true
            metadata.floor gt 2                               | true
            active eq true                                    | true
            active eq false                                   | false
            # groups, not, and value paths
            userName sw "alice" and title eq "Engineer"                       | true
            userName sw "alice" and title eq "Manager"                        | false
            userName sw "bob" or title eq "Engineer"                          | true
            not (userName sw "bob")                                           | true
            not (userName sw "alice")                                         | false
            (userName sw "bob" or title eq "Engineer") and active eq true     | true
            userName sw "bob" or (title eq "Engineer" and active eq false)    | false
            emails[type eq "work" and value co "contoso"]                     | true
            emails[type eq "other"]                                           | false
            emails[type eq "work"].value eq "alice@contoso.com"               | true
            emails[type eq "home"].value eq "alice@contoso.com"               | false
            emails.value eq "a@home.net"                                      | true
            name.givenName eq "alice"                                         | true
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701984" | true
            urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "m-1"     | true
            urn:ietf:params:scim:schemas:core:2.0:User:userName eq "alice@contoso.com"            | true
            id eq "u-1" and manager eq "m-1"                                  | true
            id eq "u-1" and manager eq "m-2"                                  | false
            # RFC 7643 §2.1 names are case-insensitive; §3.1 id/externalId caseExact; others not (ENTRA §5.3)
            USERNAME EQ "ALICE@CONTOSO.COM"        | true
            displayname eq "alice smith"          | true
            Name.GivenName Eq "ALICE"             | true
            externalId eq "Ext-7"                 | true
            externalId eq "ext-7"                 | false
            id eq "u-1"                           | true
            id eq "U-1"                           | false
            # unquoted values, as Microsoft sends them
            userName eq alice@contoso.com                        | true
            userName sw A                                        | true
            userName sw O                                        | false
            externalId eq Ext-7                                  | true
            meta.Created gt 2015-10-10T14:38:21.8617979-07:00    | true
            active eq True                                       | true
            # a "True"/"False" string against a boolean: the Validator's roles[primary eq "True"] (docs/entra-id.md quirk 27)
            active eq "True"                                     | true
            active eq "TRUE"                                     | true
            active eq "False"                                    | false
            active ne "False"                                    | true
            active ne "true"                                     | false
            emails[primary eq "True"].value eq "alice@contoso.com" | true
            emails[primary eq "True"].value eq "a@home.net"      | false
            title eq "true"                                      | false
            """)
    void matchesAliceOrNot(String filter, boolean expected) {
        assertThat(ScimFilter.parse(filter).matches(ALICE)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "userName", "userName eq", "userName zz \"a\"", "(userName eq \"a\"",
            "userName eq \"a\" and", "userName eq \"unterminated",
            // The SDK's own parser throws ClassCastException on these; they must still be a 400.
            "userName eq [1]", "userName eq {\"value\":\"v\"}", "emails[value eq [\"x\"]]"})
    void rejectsMalformedFiltersAsInvalidFilter(String filter) {
        assertScimError(() -> ScimFilter.parse(filter), "invalidFilter", "filter");
    }

    @Test
    void rejectsOrderingComparisonOfBooleanWhenEvaluated() {
        assertScimError(() -> ScimFilter.parse("active gt true").matches(ALICE), "invalidFilter", "boolean");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            userName eq "1f0c-guid"                                           | userName    | 1f0c-guid
            USERNAME eq "Bob"                                                  | userName    | Bob
            externalId eq "x-1"                                                | externalId  | x-1
            displayName eq "Sales"                                             | displayName | Sales
            id eq "abc"                                                        | id          | abc
            urn:ietf:params:scim:schemas:core:2.0:User:userName eq "q"         | userName    | q
            urn:ietf:params:scim:schemas:core:2.0:Group:DisplayName eq "g"     | displayName | g
            userName eq jyoung                                                 | userName    | jyoung
            """)
    void exposesSingleIndexableEquality(String filter, String attribute, String value) {
        assertThat(ScimFilter.parse(filter).indexableEquality())
                .contains(new ScimFilter.Equality(attribute, value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"userName ne \"a\"", "userName eq \"a\" and active eq true", "title eq \"a\"",
            "emails[type eq \"work\"].value eq \"a\"", "name.givenName eq \"a\"", "userName sw \"a\"",
            "externalId eq 5", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"1\""})
    void reportsNoIndexableEqualityOtherwise(String filter) {
        assertThat(ScimFilter.parse(filter).indexableEquality()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"members.value eq \"u-9\"", "members[value eq \"u-9\"]", "Members.Value EQ \"u-9\"",
            "members[value eq u-9]"})
    void exposesMemberEquality(String filter) {
        assertThat(ScimFilter.parse(filter).memberEquality()).contains("u-9");
    }

    @ParameterizedTest
    @ValueSource(strings = {"members.display eq \"u-9\"", "members[value ne \"u-9\"]", "displayName eq \"x\"",
            "members.value eq \"a\" and displayName eq \"x\""})
    void reportsNoMemberEqualityOtherwise(String filter) {
        assertThat(ScimFilter.parse(filter).memberEquality()).isEmpty();
    }

    @Test
    void doesNotMutateTheResource() {
        ObjectNode before = ALICE.deepCopy();
        ScimFilter.parse("USERNAME eq \"x\" or emails[type eq \"work\"].value pr").matches(ALICE);
        assertThat(ALICE).isEqualTo(before);
    }

    @Test
    void exposesEqualityTermsAndAnyOfEqualities() {
        assertThat(ScimFilter.parse("Type eq \"work\" and primary eq true").equalityTerms())
                .containsOnlyKeys("type", "primary");
        assertThat(ScimFilter.parse("value eq \"a\" or value eq \"b\"").anyOfEqualities("value"))
                .contains(List.of("a", "b"));
        assertThat(ScimFilter.parse("value sw \"a\"").anyOfEqualities("value")).isEqualTo(Optional.empty());
    }
}
