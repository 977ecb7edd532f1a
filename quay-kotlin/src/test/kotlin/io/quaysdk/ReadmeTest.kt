package io.quaysdk

import java.io.ByteArrayOutputStream
import java.io.PrintStream
import kotlin.test.Test
import kotlin.test.assertTrue

/** The README's Kotlin examples (extracted by `cargo xtask kotlin-native`) compile and run. */
class ReadmeTest {
    @Test
    fun readmeExamplesRun() {
        var ran = 0
        while (true) {
            val example =
                try {
                    Class.forName("io.quaysdk.readme.example$ran.Example${ran}Kt")
                } catch (e: ClassNotFoundException) {
                    break
                }
            val out = ByteArrayOutputStream()
            val saved = System.out
            System.setOut(PrintStream(out, true))
            try {
                example.getMethod("main", Array<String>::class.java).invoke(null, arrayOf<String>())
            } finally {
                System.setOut(saved)
            }
            print(out.toString())
            assertTrue(out.size() > 0, "README example $ran printed nothing")
            ran++
        }
        assertTrue(ran > 0, "no README example was extracted (run `cargo xtask kotlin-native`)")
    }
}
