/*
 * hvm_op HVMOP_set_param / HVMOP_get_param (xen-abi.md §4.5; Xen's
 * xen/include/public/hvm/hvm_op.h and hvm/params.h): the argument struct
 * and the parameter indexes a PVH guest uses.
 */
#ifndef PUBLIC_HVM_PARAMS_H
#define PUBLIC_HVM_PARAMS_H

#include <stdint.h>

#define HVMOP_set_param 0
#define HVMOP_get_param 1

struct xen_hvm_param {
    uint16_t domid;             /* IN: DOMID_SELF */
    uint16_t pad;
    uint32_t index;             /* IN: HVM_PARAM_* */
    uint64_t value;             /* IN (set) / OUT (get) */
};

_Static_assert(sizeof(struct xen_hvm_param) == 16, "xen-abi.md §4.5");

#define HVM_PARAM_CALLBACK_IRQ 0
#define HVM_PARAM_STORE_PFN 1
#define HVM_PARAM_STORE_EVTCHN 2
#define HVM_PARAM_CONSOLE_PFN 17
#define HVM_PARAM_CONSOLE_EVTCHN 18
#define HVM_NR_PARAMS 39

/* CALLBACK_IRQ value: type in bits 63:56; type 2 = bits 7:0 are a vector. */
#define HVM_PARAM_CALLBACK_IRQ_TYPE_SHIFT 56
#define HVM_PARAM_CALLBACK_TYPE_VECTOR 2

#endif /* PUBLIC_HVM_PARAMS_H */
