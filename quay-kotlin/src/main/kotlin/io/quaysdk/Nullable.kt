package io.quaysdk

import kotlinx.serialization.ExperimentalSerializationApi
import kotlinx.serialization.KSerializer
import kotlinx.serialization.Serializable
import kotlinx.serialization.descriptors.SerialDescriptor
import kotlinx.serialization.descriptors.nullable
import kotlinx.serialization.encoding.Decoder
import kotlinx.serialization.encoding.Encoder

/**
 * A field that Quay may send or take as null and that may also be absent: [Absent] (the default:
 * left out of a request body), [Null] (an explicit null, to clear a value such as a tag's
 * expiration) or a [Value].
 */
@Serializable(with = NullableSerializer::class)
public sealed class Nullable<out T> {
    /** Not sent (and not received). */
    public data object Absent : Nullable<Nothing>()

    /** An explicit null. */
    public data object Null : Nullable<Nothing>()

    /** A value. */
    public data class Value<out T>(val value: T) : Nullable<T>()

    /** The value, or null when absent or null. */
    public val valueOrNull: T? get() = (this as? Value<T>)?.value

    public companion object {
        /** [Null] for null, else a [Value]. */
        public fun <T> of(value: T?): Nullable<T> = if (value == null) Null else Value(value)
    }
}

/** Writes a [Nullable] as its value or null; reads null as [Nullable.Null]. */
@OptIn(ExperimentalSerializationApi::class)
public class NullableSerializer<T>(private val inner: KSerializer<T>) : KSerializer<Nullable<T>> {
    override val descriptor: SerialDescriptor = inner.descriptor.nullable

    override fun serialize(encoder: Encoder, value: Nullable<T>) {
        when (value) {
            is Nullable.Value -> encoder.encodeSerializableValue(inner, value.value)
            else -> encoder.encodeNull()
        }
    }

    override fun deserialize(decoder: Decoder): Nullable<T> =
        if (decoder.decodeNotNullMark()) {
            Nullable.Value(decoder.decodeSerializableValue(inner))
        } else {
            decoder.decodeNull()
            Nullable.Null
        }
}
