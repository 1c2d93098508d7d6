`timescale 1ns / 1ps
`default_nettype none
// sf_cast: converts a fixed-point bit pattern between two ap_fixed formats, combinationally.
//
// Bit-exact with ap_fixed assignment: the exact source value is rounded to the target LSB with
// QMODE, then, if the result does not fit, OMODE decides the output. Formats are described by
// width, fraction bits (W - I, may be negative or exceed W) and signedness; ports carry raw bits.
//   QMODE: 0 AP_RND, 1 AP_RND_ZERO, 2 AP_RND_MIN_INF, 3 AP_RND_INF, 4 AP_RND_CONV, 5 AP_TRN, 6 AP_TRN_ZERO
//   OMODE: 0 AP_SAT, 1 AP_SAT_ZERO, 2 AP_SAT_SYM, 3 AP_WRAP, 4 AP_WRAP_SM;  NBITS: N of AP_WRAP/AP_WRAP_SM
module sf_cast #(
    parameter integer IN_W = 8,
    parameter integer IN_F = 4,
    parameter integer IN_SIGNED = 1,
    parameter integer OUT_W = 8,
    parameter integer OUT_F = 4,
    parameter integer OUT_SIGNED = 1,
    parameter integer QMODE = 5,
    parameter integer OMODE = 3,
    parameter integer NBITS = 0
) (
    input  wire [IN_W-1:0]  din,
    output wire [OUT_W-1:0] dout
);
    localparam integer D = IN_F - OUT_F;           // > 0: bits are dropped below the new LSB
    localparam integer SH = (D > 0) ? D : 0;
    localparam integer LS = (D < 0) ? -D : 0;
    localparam integer TW = IN_W + 2 + LS;         // holds the rounded or left-aligned value exactly
    localparam integer UW = (TW > OUT_W + 1) ? TW : OUT_W + 1;
    localparam integer POS1 = D + OUT_W;           // source bit just above the target MSB (AP_WRAP_SM)

    // Sign of the source value; one extra bit makes unsigned sources non-negative as signed.
    wire neg = (IN_SIGNED != 0) && din[IN_W-1];
    wire signed [IN_W:0] x = $signed({neg, din});

    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [TW-1:0] t;
    generate
        if (D > 0) begin : g_round
            localparam [IN_W:0] ONES = {(IN_W + 1){1'b1}};
            localparam [IN_W:0] RMASK = (SH >= 2) ? ~(ONES << (SH - 1)) : {(IN_W + 1){1'b0}};
            wire signed [IN_W:0] fl = x >>> SH;         // floor; fills with the sign past the width
            wire signed [IN_W:0] xq = x >>> (SH - 1);
            wire qb = xq[0];                            // first dropped bit
            wire r = |(x & $signed(RMASK));             // any dropped bit below it
            wire inc = (QMODE == 0) ? qb :
                       (QMODE == 1) ? (qb & (neg | r)) :
                       (QMODE == 2) ? (qb & r) :
                       (QMODE == 3) ? (qb & (~neg | r)) :
                       (QMODE == 4) ? (qb & (fl[0] | r)) :
                       (QMODE == 6) ? (neg & (qb | r)) : 1'b0;
            wire signed [IN_W+1:0] rounded = $signed({fl[IN_W], fl}) + $signed({{(IN_W + 1){1'b0}}, inc});
            assign t = rounded;
        end else begin : g_align
            wire signed [TW-1:0] xe = $signed({{(TW - IN_W - 1){x[IN_W]}}, x});
            assign t = xe <<< LS;
        end
    endgenerate

    wire signed [UW-1:0] u;
    generate
        if (UW > TW) begin : g_extend
            assign u = $signed({{(UW - TW){t[TW-1]}}, t});
        end else begin : g_same
            assign u = t;
        end
    endgenerate
    wire [OUT_W-1:0] wrapped = u[OUT_W-1:0];
    wire signed [UW-1:0] hi = (OUT_SIGNED != 0) ? (u >>> (OUT_W - 1)) : (u >>> OUT_W);
    wire in_range = (hi == {UW{1'b0}}) || ((OUT_SIGNED != 0) && (hi == {UW{1'b1}}));
    /* verilator lint_on UNUSEDSIGNAL */

    localparam [OUT_W-1:0] ALL1 = {OUT_W{1'b1}};
    localparam [OUT_W-1:0] MSB = (OUT_SIGNED != 0) ? ~(ALL1 >> 1) : {OUT_W{1'b0}};
    localparam [OUT_W-1:0] MAXO = (OUT_SIGNED != 0) ? (ALL1 >> 1) : ALL1;
    localparam [OUT_W-1:0] MINO = MSB;
    localparam [OUT_W-1:0] ONE = 1;
    localparam [OUT_W-1:0] SYMMIN = (OUT_SIGNED != 0) ? (MSB | ONE) : {OUT_W{1'b0}};
    localparam [OUT_W-1:0] NMASK = (NBITS > 0) ? ~(ALL1 >> NBITS) : {OUT_W{1'b0}};
    // Top N bits forced by the wrap modes with saturation bits: {sign, ~sign, ...} or all ones if unsigned.
    localparam [OUT_W-1:0] TOP_NEG = MSB;
    localparam [OUT_W-1:0] TOP_POS = (OUT_SIGNED != 0) ? (NMASK & ~MSB) : NMASK;

    wire [OUT_W-1:0] sat = neg ? MINO : MAXO;
    wire [OUT_W-1:0] sat_sym = (OUT_SIGNED != 0) ? (neg ? SYMMIN : MAXO) : sat;
    wire [OUT_W-1:0] top = (neg && (OUT_SIGNED != 0)) ? TOP_NEG : TOP_POS;
    wire [OUT_W-1:0] wrap_n = (wrapped & ~NMASK) | top;

    wire ro = wrapped[OUT_W-1];
    wire [OUT_W-1:0] flipped = ~wrapped;
    wire ld;
    generate
        if (POS1 >= 0 && POS1 < IN_W) begin : g_ld
            assign ld = din[POS1];
        end else begin : g_no_ld
            assign ld = 1'b0;
        end
    endgenerate
    wire nlo = wrapped[(NBITS > 0 && NBITS <= OUT_W) ? OUT_W - NBITS : 0];
    wire [OUT_W-1:0] sm0 = (ld != ro) ? ((flipped & ~MSB) | (ld ? MSB : {OUT_W{1'b0}})) : wrapped;
    wire [OUT_W-1:0] sm1_f = (neg != ro) ? flipped : wrapped;
    wire [OUT_W-1:0] sm1 = (sm1_f & ~MSB) | (neg ? MSB : {OUT_W{1'b0}});
    wire [OUT_W-1:0] smn_f = (nlo == neg) ? flipped : wrapped;
    wire [OUT_W-1:0] smn = (smn_f & ~NMASK) | (neg ? MSB : (NMASK & ~MSB));
    wire [OUT_W-1:0] wrap_sm = (NBITS == 0) ? sm0 : (NBITS == 1) ? sm1 : smn;

    wire [OUT_W-1:0] overflowed =
        (OMODE == 0) ? sat :
        (OMODE == 1) ? {OUT_W{1'b0}} :
        (OMODE == 2) ? sat_sym :
        (OMODE == 3) ? ((NBITS == 0) ? wrapped : wrap_n) :
        (OUT_SIGNED != 0) ? wrap_sm : sat;

    // AP_SAT_SYM never produces the most negative code from a negative signed source.
    wire sym_fix = (OMODE == 2) && (OUT_SIGNED != 0) && neg && (wrapped == MINO);

    assign dout = !in_range ? overflowed : (sym_fix ? SYMMIN : wrapped);
endmodule

`default_nettype wire
