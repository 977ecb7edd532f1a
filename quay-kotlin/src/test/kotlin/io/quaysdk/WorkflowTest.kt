package io.quaysdk

import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNotNull
import kotlin.test.assertNull
import kotlin.test.assertTrue
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.put

/**
 * The seed guide's workflow through the facade: an organization, a robot, a team with a member,
 * a repository, permissions, pushed tags, a tag moved and its expiration set and cleared.
 */
class WorkflowTest {
    @Test
    fun theGuideWorkflow() =
        runBlocking<Unit> {
            QuayFakeServer().use { fake ->
                fake.client().use { quay ->
                    assertEquals("Created", quay.createOrganization(body = NewOrg(name = "acme", email = "acme@example.com")))
                    assertEquals("acme", quay.getOrganization(orgname = "acme").name)
                    val robot = quay.createOrgRobot(orgname = "acme", robotShortname = "ci", body = CreateRobot(description = "CI pushes"))
                    assertEquals("acme+ci", robot.name)
                    assertEquals("CI pushes", robot.description)
                    assertTrue(!robot.token.isNullOrEmpty(), "a new robot carries its token once")
                    quay.createInstallUser(body = CreateInstallUser(username = "alice", email = "alice@example.com"))
                    val team =
                        quay.updateOrganizationTeam(
                            orgname = "acme",
                            teamname = "devs",
                            body = TeamDescription(role = TeamRole.MEMBER, description = "Developers"),
                        )
                    assertEquals("devs", team.name)
                    assertEquals(TeamRole.MEMBER, team.role)
                    quay.updateOrganizationTeamMember(orgname = "acme", teamname = "devs", membername = "alice")
                    quay.createRepo(
                        body = NewRepo(namespace = "acme", repository = "web", visibility = Visibility.PRIVATE, description = "The web app"),
                    )
                    quay.changeUserPermissions(
                        namespace = "acme",
                        repository = "web",
                        username = robot.name,
                        body = UserPermission(role = RepositoryRole.WRITE),
                    )
                    quay.changeTeamPermissions(namespace = "acme", repository = "web", teamname = "devs", body = TeamPermission(role = RepositoryRole.READ))
                    val perms = quay.listRepoUserPermissions(namespace = "acme", repository = "web")
                    assertEquals(RepositoryRole.WRITE, perms.permissions["acme+ci"]?.role, "$perms")

                    val digest = fake.pushTags("acme", "web", 3, "v")
                    assertTrue(digest.startsWith("sha256:"), digest)
                    // Point a new tag at the manifest, set an expiration in the fake's future, then clear it.
                    quay.changeTag(namespace = "acme", repository = "web", tag = "latest", body = ChangeTag(manifestDigest = digest))
                    val now = System.currentTimeMillis() / 1000
                    quay.changeTag(namespace = "acme", repository = "web", tag = "latest", body = ChangeTag(expiration = Nullable.Value(now + 86400)))
                    assertNotNull(findTag(quay, "latest").expiration, "the expiration was set")
                    quay.changeTag(namespace = "acme", repository = "web", tag = "latest", body = ChangeTag(expiration = Nullable.Null))
                    assertNull(findTag(quay, "latest").expiration, "the expiration was cleared")

                    // The same through call(), by operationId with JSON arguments.
                    val raw =
                        quay.call(
                            "getRepo",
                            buildJsonObject {
                                put("namespace", "acme")
                                put("repository", "web")
                            },
                        )
                    assertEquals("web", raw.jsonObject["name"]?.jsonPrimitive?.content)
                    quay.deleteRepository(namespace = "acme", repository = "web")
                    assertFailsWith<NotFoundException> { quay.getRepo(namespace = "acme", repository = "web") }
                }
            }
        }

    private suspend fun findTag(quay: QuayClient, name: String): RepositoryTag =
        quay.listRepoTagsAll(namespace = "acme", repository = "web", onlyActiveTags = true, specificTag = name).first()
}
