/*
 * Just enough AML to power off: find the \_S5_ object in the DSDT and read
 * the SLP_TYPa/SLP_TYPb values from its package (ACPI 6.5 sections 7.4.2
 * and 20.2). No interpreter: a bounds-checked byte search for the name
 * followed by a PackageOp, then a decode of two integer constants.
 */
#include <xen/acpi.h>
#include <xen/acpi_tables.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/string.h>

#define AML_PACKAGE_OP 0x12
#define SLP_TYP_MAX 7           /* SLP_TYP is a 3-bit field */

/* Integer encodings that may appear as package elements (ACPI 20.2.3). */
struct aml_int_op {
    u8 op;
    u8 data_len;            /* bytes of little-endian data after op */
    u64 value;              /* value when data_len is 0 */
};

static const struct aml_int_op aml_int_ops[] = {
    { 0x00, 0, 0 },             /* ZeroOp */
    { 0x01, 0, 1 },             /* OneOp */
    { 0xff, 0, ~0ULL },         /* OnesOp */
    { 0x0a, 1, 0 },             /* BytePrefix */
    { 0x0b, 2, 0 },             /* WordPrefix */
    { 0x0c, 4, 0 },             /* DWordPrefix */
    { 0x0e, 8, 0 },             /* QWordPrefix */
};

/* Decode the integer at aml[*pos]; advance *pos past it. */
static int aml_int(const u8 *aml, size_t len, size_t *pos, u64 *val)
{
    const struct aml_int_op *t = NULL;

    if (*pos >= len)
        return -EINVAL;
    for (unsigned int i = 0; i < ARRAY_SIZE(aml_int_ops); i++)
        if (aml_int_ops[i].op == aml[*pos])
            t = &aml_int_ops[i];
    if (!t || len - *pos - 1 < t->data_len)
        return -EINVAL;
    *val = t->value;
    for (unsigned int i = 0; i < t->data_len; i++)
        *val |= (u64)aml[*pos + 1 + i] << (8 * i);
    *pos += 1 + t->data_len;
    return 0;
}

/*
 * PkgLength (ACPI 20.2.4): bits 7:6 of the lead byte count the bytes that
 * follow; with none, bits 5:0 are the length, else bits 3:0 are its low
 * nibble. The length counts from the lead byte to the end of the package.
 */
static int aml_pkg_length(const u8 *aml, size_t len, size_t *pos, size_t *plen)
{
    unsigned int extra = len ? aml[0] >> 6 : 0;
    size_t v;

    if (!len || len < 1 + extra)
        return -EINVAL;
    v = extra ? (aml[0] & 0x0f) : (aml[0] & 0x3f);
    for (unsigned int i = 0; i < extra; i++)
        v |= (size_t)aml[1 + i] << (4 + 8 * i);
    *pos = 1 + extra;
    *plen = v;
    return 0;
}

static u8 aml_slp_typ(u64 v)
{
    if (v > SLP_TYP_MAX)
        printk(XENLOG_WARNING "ACPI: _S5_: SLP_TYP 0x%lx out of range, using its low 3 bits\n",
               (unsigned long)v);
    return v & SLP_TYP_MAX;
}

/* aml points just after the PackageOp. */
static int aml_s5_decode(const u8 *aml, size_t len, u8 *typ_a, u8 *typ_b)
{
    size_t pos, plen;
    u64 a, b;
    unsigned int nr;

    if (aml_pkg_length(aml, len, &pos, &plen) || plen > len || plen <= pos)
        goto bad;
    len = plen;             /* never decode past the package */
    nr = aml[pos++];
    if (nr < 1 || aml_int(aml, len, &pos, &a))
        goto bad;
    /* The second element is mandatory, but a lone SLP_TYPa is harmless. */
    if (nr < 2)
        b = a;
    else if (aml_int(aml, len, &pos, &b))
        goto bad;
    *typ_a = aml_slp_typ(a);
    *typ_b = aml_slp_typ(b);
    return 0;
bad:
    printk(XENLOG_WARNING "ACPI: _S5_ package malformed or truncated\n");
    return -EINVAL;
}

int acpi_aml_find_s5(const u8 *aml, size_t len, u8 *typ_a, u8 *typ_b)
{
    /* "_S5_" then PackageOp then at least a PkgLength byte. */
    for (size_t i = 0; len >= 6 && i <= len - 6; i++) {
        if (memcmp(aml + i, "_S5_", 4) || aml[i + 4] != AML_PACKAGE_OP)
            continue;
        return aml_s5_decode(aml + i + 5, len - i - 5, typ_a, typ_b);
    }
    return -ENOENT;
}
