// tabled_rom1: sinCos table, 16 entries on [0.0, 1.0), periodic, argument scale 6.283185307179586, midpoint sampling.
// Argument ap_fixed<28,2,AP_TRN,AP_WRAP,0>, entries ap_fixed<10,4,AP_RND,AP_WRAP,0>.
`timescale 1ns / 1ps
`default_nettype none
module tabled_rom1 (
    input wire clk,
    input wire [3:0] addr,
    output reg signed [9:0] dout
);
    always @(posedge clk) begin
        case (addr)
            4'd0: dout <= 10'hc;
            4'd1: dout <= 10'h1e;
            4'd2: dout <= 10'h1e;
            4'd3: dout <= 10'hc;
            4'd4: dout <= 10'h3f4;
            4'd5: dout <= 10'h3e2;
            4'd6: dout <= 10'h3e2;
            4'd7: dout <= 10'h3f4;
            4'd8: dout <= 10'hc;
            4'd9: dout <= 10'h1e;
            4'd10: dout <= 10'h1e;
            4'd11: dout <= 10'hc;
            4'd12: dout <= 10'h3f4;
            4'd13: dout <= 10'h3e2;
            4'd14: dout <= 10'h3e2;
            4'd15: dout <= 10'h3f4;
        endcase
    end
endmodule

`default_nettype wire
